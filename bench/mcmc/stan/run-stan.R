# Stan's side of the MCMC benchmark (bench/mcmc): compile each model once (cached), sample it,
# and write timings, bulk ESS and convergence diagnostics as JSON. Called by bench/mcmc/run.ts;
# also runs on its own:
#
#   Rscript bench/mcmc/stan/run-stan.R --out /tmp/stan.json [--models eight_schools_noncentered,kidiq]
#       [--chains 4] [--warmup 1000] [--draws 1000] [--seed 1] [--recompile]
#       [--fixtures ../shared/fixtures/posteriordb] [--cache bench/mcmc/cache]
#
# Compilation: stan_model() with R's default compiler flags (Debian: -O2), timed (wall, and CPU
# of R plus the compiler it spawns), then saveRDS'd to <cache>/<model>-<md5 of source>.rds with
# the timing beside it in a .json. A later run loads the cached model (timed) and reports the
# compile time measured when it was built; --recompile compiles again and replaces the cache.
#
# Sampling: all chains sequentially in this process (cores = 1), so the CPU time of all chains
# equals their wall time. Per chain, warmup and sampling seconds come from get_elapsed_time(),
# which Stan 2.21 measures with std::clock(): CPU seconds of this (single-threaded) process.
# The wall and CPU time (user + system, proc.time()) of the whole sampling() call, which adds
# rstan's data checks and the building of the stanfit object, are reported too.
#
# Diagnostics: bulk ESS (posterior::ess_bulk, Vehtari et al. 2021) and rank-normalised split
# R-hat (posterior::rhat) of every parameter and transformed parameter (lp__ excluded); the
# slowest parameter is the one with the least bulk ESS.

suppressPackageStartupMessages({
  t_load <- proc.time()
  library(rstan)
  library(posterior)
  library(jsonlite)
  rstan_load <- proc.time() - t_load
})

args <- commandArgs(trailingOnly = TRUE)
opt <- list(
  out = NULL, models = "eight_schools_noncentered,kidiq", chains = "4", warmup = "1000",
  draws = "1000", seed = "1", recompile = FALSE, fixtures = NULL, cache = NULL
)
i <- 1
while (i <= length(args)) {
  a <- sub("^--", "", args[[i]])
  if (a == "recompile") {
    opt$recompile <- TRUE
    i <- i + 1
  } else if (a %in% names(opt) && i < length(args)) {
    opt[[a]] <- args[[i + 1]]
    i <- i + 2
  } else {
    stop(sprintf("run-stan.R: unknown or incomplete option '%s'", args[[i]]))
  }
}
if (is.null(opt$out)) stop("run-stan.R: --out FILE is required")

# This script's folder, to find the .stan files and default paths.
script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
})
repo <- normalizePath(file.path(script_dir, "..", "..", ".."))
if (is.null(opt$fixtures)) opt$fixtures <- file.path(repo, "..", "shared", "fixtures", "posteriordb")
if (is.null(opt$cache)) opt$cache <- file.path(repo, "bench", "mcmc", "cache")
dir.create(opt$cache, showWarnings = FALSE, recursive = TRUE)

chains <- as.integer(opt$chains)
warmup <- as.integer(opt$warmup)
draws <- as.integer(opt$draws)
seed <- as.integer(opt$seed)

# Model name -> fixture and the data the Stan program reads.
load_data <- function(model) {
  read <- function(f) fromJSON(file.path(opt$fixtures, f), simplifyVector = TRUE)$data
  if (model == "eight_schools_noncentered") {
    d <- read("eight_schools-eight_schools_noncentered.json")
    list(J = d$J, y = as.array(d$y), sigma = as.array(d$sigma))
  } else if (model == "kidiq") {
    d <- read("kidiq-kidscore_momiq.json")
    list(N = d$N, kid_score = as.array(d$kid_score), mom_iq = as.array(d$mom_iq))
  } else {
    stop(sprintf("run-stan.R: unknown model '%s'", model))
  }
}

cpu_of <- function(pt, children = FALSE) {
  s <- pt[["user.self"]] + pt[["sys.self"]]
  if (children) s <- s + pt[["user.child"]] + pt[["sys.child"]]
  unname(s)
}

# Compile (or load from the cache) one model.
get_model <- function(model) {
  src <- file.path(script_dir, paste0(model, ".stan"))
  md5 <- unname(tools::md5sum(src))
  stem <- file.path(opt$cache, sprintf("%s-%s-rstan%s", model, md5, packageVersion("rstan")))
  rds <- paste0(stem, ".rds")
  meta <- paste0(stem, ".json")
  if (!opt$recompile && file.exists(rds) && file.exists(meta)) {
    t0 <- proc.time()
    sm <- readRDS(rds)
    # Load the compiled library now (rstan's internal step before sampling), so the load is
    # timed here and not inside sampling().
    rstan:::prep_call_sampler(sm)
    dt <- proc.time() - t0
    m <- fromJSON(meta)
    return(list(
      model = sm,
      info = list(
        cached = TRUE, compileWallSeconds = m$compileWallSeconds,
        compileCpuSeconds = m$compileCpuSeconds, compiledAt = m$compiledAt,
        loadWallSeconds = unname(dt[["elapsed"]]), cacheFile = basename(rds)
      )
    ))
  }
  t0 <- proc.time()
  sm <- stan_model(file = src, model_name = model, save_dso = TRUE)
  dt <- proc.time() - t0
  info <- list(
    compileWallSeconds = unname(dt[["elapsed"]]),
    compileCpuSeconds = cpu_of(dt, children = TRUE),
    compiledAt = format(Sys.time(), "%Y-%m-%dT%H:%M:%OS3Z", tz = "UTC")
  )
  saveRDS(sm, rds)
  write_json(info, meta, auto_unbox = TRUE, digits = NA, pretty = TRUE)
  # Time loading the cached model as a later run would (a fresh readRDS).
  t1 <- proc.time()
  invisible(readRDS(rds))
  dl <- proc.time() - t1
  rstan:::prep_call_sampler(sm)
  list(
    model = sm,
    info = c(list(cached = FALSE), info, list(loadWallSeconds = unname(dl[["elapsed"]]), cacheFile = basename(rds)))
  )
}

run_model <- function(model) {
  compiled <- get_model(model)
  data <- load_data(model)
  warnings <- character(0)
  t0 <- proc.time()
  fit <- withCallingHandlers(
    sampling(
      compiled$model,
      data = data, chains = chains, iter = warmup + draws, warmup = warmup, thin = 1,
      cores = 1, seed = seed, refresh = 0, control = list(adapt_delta = 0.8, max_treedepth = 10)
    ),
    warning = function(w) {
      warnings <<- c(warnings, conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
  dt <- proc.time() - t0
  elapsed <- get_elapsed_time(fit) # chains x (warmup, sample), CPU seconds (std::clock)
  arr <- as.array(fit) # iterations x chains x parameters
  pars <- setdiff(dimnames(arr)[[3]], "lp__")
  ess <- vapply(pars, function(p) ess_bulk(arr[, , p]), numeric(1))
  rh <- vapply(pars, function(p) rhat(arr[, , p]), numeric(1))
  sp <- get_sampler_params(fit, inc_warmup = TRUE)
  per_chain <- lapply(seq_len(chains), function(c) {
    s <- sp[[c]]
    w <- seq_len(warmup)
    k <- warmup + seq_len(draws)
    list(
      warmupSeconds = unname(elapsed[c, "warmup"]),
      samplingSeconds = unname(elapsed[c, "sample"]),
      warmupLeapfrogs = sum(s[w, "n_leapfrog__"]),
      samplingLeapfrogs = sum(s[k, "n_leapfrog__"]),
      divergences = sum(s[k, "divergent__"]),
      treedepthSaturated = sum(s[k, "treedepth__"] >= 10),
      stepSize = unname(s[warmup + 1, "stepsize__"]),
      meanAcceptStat = mean(s[k, "accept_stat__"])
    )
  })
  slowest <- names(which.min(ess))
  list(
    model = model,
    compile = compiled$info,
    seed = seed,
    chains = chains,
    warmup = warmup,
    draws = draws,
    cores = 1,
    perChain = per_chain,
    samplingCall = list(wallSeconds = unname(dt[["elapsed"]]), cpuSeconds = cpu_of(dt)),
    essBulk = as.list(ess),
    rhat = as.list(rh),
    slowest = list(name = slowest, essBulk = unname(ess[[slowest]])),
    maxRhat = max(rh),
    warnings = as.list(warnings)
  )
}

models <- strsplit(opt$models, ",", fixed = TRUE)[[1]]
results <- lapply(models, run_model)
out <- list(
  tool = "rstan",
  rstanVersion = as.character(packageVersion("rstan")),
  stanVersion = stan_version(),
  posteriorVersion = as.character(packageVersion("posterior")),
  rVersion = R.version.string,
  cxxflags = tryCatch(
    system2(file.path(R.home("bin"), "R"), c("CMD", "config", "CXX14FLAGS"), stdout = TRUE),
    error = function(e) NA_character_
  ),
  rstanLoadWallSeconds = unname(rstan_load[["elapsed"]]),
  models = results
)
write_json(out, opt$out, auto_unbox = TRUE, digits = NA, pretty = TRUE)
cat(sprintf("run-stan.R: wrote %s\n", opt$out))

#!/bin/sh
# Make Stan (rstan) available for the MCMC benchmark (bench/mcmc). Idempotent: safe to re-run.
# Not run by CI or the tests; run it once, as root, on a Debian 12 (bookworm) machine:
#
#   sh bench/mcmc/setup-stan.sh
#
# 1. Install rstan from Debian (r-cran-rstan 2.21.7 with StanHeaders 2.21.0, BH, RcppEigen,
#    RcppParallel, Rcpp, inline, loo, pkgbuild). --no-install-recommends keeps it to ~25
#    packages instead of ~500 (the recommends pull in devtools, gdal, ffmpeg, ...). The
#    benchmark also needs r-cran-posterior (ess_bulk, as Vehtari et al. 2021), r-cran-jsonlite
#    (reads the fixtures, writes results), r-cran-codetools (silences rstan's "not checked for
#    suspicious field assignments" notes) and a C++ compiler; libboost-dev is what BH's headers
#    really are on Debian.
# 2. Debian's r-cran-bh ships no headers of its own (it depends on libboost-dev), and on some
#    installs its include folder is missing, so every rstan compile fails with
#    "boost/...: No such file or directory". Link BH/include/boost to the system Boost headers.
# 3. Compile a one-line model to check that the toolchain works.
set -eu

export DEBIAN_FRONTEND=noninteractive
need=""
for pkg in r-cran-rstan r-cran-posterior r-cran-jsonlite r-cran-codetools libboost-dev g++ make; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
if [ -n "$need" ]; then
  echo "setup-stan: installing$need"
  apt-get update
  # shellcheck disable=SC2086
  apt-get install -y --no-install-recommends $need
else
  echo "setup-stan: all packages already installed"
fi

bh=$(Rscript -e 'cat(system.file(package="BH"))')
if [ -z "$bh" ]; then
  echo "setup-stan: R cannot find the BH package after installing r-cran-bh" >&2
  exit 1
fi
if [ -f "$bh/include/boost/version.hpp" ]; then
  echo "setup-stan: $bh/include/boost already resolves ($(readlink -f "$bh/include/boost"))"
else
  if [ ! -f /usr/include/boost/version.hpp ]; then
    echo "setup-stan: /usr/include/boost/version.hpp missing; is libboost-dev installed?" >&2
    exit 1
  fi
  mkdir -p "$bh/include"
  # Remove a dangling link or empty folder left by an earlier attempt, then link.
  if [ -L "$bh/include/boost" ] || [ -d "$bh/include/boost" ]; then rm -rf "$bh/include/boost"; fi
  ln -s /usr/include/boost "$bh/include/boost"
  echo "setup-stan: linked $bh/include/boost -> /usr/include/boost"
fi

echo "setup-stan: checking that rstan compiles a model (about a minute)..."
Rscript -e '
  suppressPackageStartupMessages(library(rstan))
  t <- system.time(m <- stan_model(model_code = "parameters { real x; } model { x ~ normal(0, 1); }"))
  f <- suppressWarnings(sampling(m, chains = 1, iter = 200, refresh = 0, seed = 1))
  cat(sprintf("setup-stan: rstan %s compiled a model in %.0f s and sampled it: OK\n",
              packageVersion("rstan"), t[["elapsed"]]))
'

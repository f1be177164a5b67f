// Eight schools, non-centred (posteriordb eight_schools-eight_schools_noncentered).
// mu ~ N(0, 5); tau ~ half-Cauchy(0, 5); theta_tilde[j] ~ N(0, 1);
// theta[j] = mu + tau * theta_tilde[j]; y[j] ~ N(theta[j], sigma[j]).
// Old array syntax: Debian's rstan is 2.21.
data {
  int<lower=0> J;
  real y[J];
  real<lower=0> sigma[J];
}
parameters {
  real mu;
  real<lower=0> tau;
  vector[J] theta_tilde;
}
transformed parameters {
  vector[J] theta = mu + tau * theta_tilde;
}
model {
  mu ~ normal(0, 5);
  tau ~ cauchy(0, 5);
  theta_tilde ~ normal(0, 1);
  y ~ normal(theta, sigma);
}

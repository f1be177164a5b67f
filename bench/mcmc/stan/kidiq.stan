// kidiq, kid_score on mom_iq (posteriordb kidiq-kidscore_momiq).
// beta[1], beta[2] flat; sigma ~ half-Cauchy(0, 2.5);
// kid_score[n] ~ N(beta[1] + beta[2] * mom_iq[n], sigma).
data {
  int<lower=0> N;
  vector[N] kid_score;
  vector[N] mom_iq;
}
parameters {
  vector[2] beta;
  real<lower=0> sigma;
}
model {
  sigma ~ cauchy(0, 2.5);
  kid_score ~ normal(beta[1] + beta[2] * mom_iq, sigma);
}

/* analysis/abc.h - approximate Bayesian computation by sequential Monte Carlo.
 *
 * ABC-SMC (Toni et al. 2009; Beaumont et al. 2009) with model choice
 * (Toni and Stumpf 2010), on plain arrays. The caller owns the simulator;
 * this module owns the sampler's state, as an ask/tell loop:
 *
 *     abc_smc_init(&s, ...);
 *     for (t = 0; t < generations; t++) {
 *         for (i = 0; !abc_smc_full(&s); i++) {        // any batches, any order
 *             seed rng from (seed, t, i);
 *             abc_smc_propose(&s, rng, theta, &m);      // const: thread-safe
 *             d = distance of a simulation at (theta, m);
 *             abc_smc_accept(&s, i, theta, m, d, NULL); // serial
 *         }
 *         abc_smc_next_generation(&s);                  // closes generation t
 *     }
 *     s.theta, s.model, s.weight: the last generation's weighted particles
 *
 * Generation t is made of the first n_particles proposals, by index i,
 * whose distance is at most the tolerance epsilon_t; proposals past them
 * are ignored. So the population depends only on the proposals' generators,
 * never on the order in which they are evaluated or reported, and a driver
 * that seeds proposal i's generator from (seed, t, i) gives the same bytes
 * for any number of workers.
 *
 *   - generation 0 draws from the prior and accepts everything (epsilon_0 =
 *     infinity); epsilon_{t+1} is the alpha-quantile (unweighted, linear
 *     interpolation between order statistics as gsl_stats_quantile_from_
 *     sorted_data) of generation t's accepted distances;
 *   - generation t > 0 draws a model m* from generation t-1's model
 *     probabilities, moves to m by the model kernel (stays with probability
 *     ABC_MODEL_STAY, else jumps uniformly to another model still alive),
 *     draws a particle of model m by weight, and perturbs it with a normal
 *     kernel of covariance 2 x the weighted covariance of model m's
 *     particles (Beaumont et al. 2009). A proposal outside the prior's
 *     support is drawn again from the start (model, particle, perturbation),
 *     at most ABC_MAX_RETRIES times;
 *   - weight of a particle (m, theta) of generation t > 0:
 *       w = pi(m) pi(theta | m) / (q(m) q(theta | m)),
 *       q(m) = sum_m' P_{t-1}(m') K_M(m | m'),
 *       q(theta | m) = sum_{j in m} w_j / W_m K_m(theta | theta_j),
 *     normalised to sum 1 over the population; generation 0's weights are
 *     1/n. ESS = 1 / sum w^2; P_t(m) = sum of the weights of model m.
 *   - an integer parameter is sampled as a continuous latent value over
 *     [lo - 1/2, hi + 1/2] (the declared distribution on that widened
 *     support); the simulator uses abc_prior_value(), its nearest integer.
 *     theta always holds latent values, so weights stay exact.
 * docs/CALIBRATION.md ("The estimator") gives the equations and defaults.
 * Errors are igraph_error_t, the status type of the analysis/ layer.
 * Layer: analysis/ (GSL; igraph_error.h).
 */
#ifndef INFNET_ANALYSIS_ABC_H
#define INFNET_ANALYSIS_ABC_H

#include <stddef.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>
#include <igraph_error.h>

#define ABC_DEFAULT_ALPHA 0.5 /* quantile of the distances: the next tolerance */
#define ABC_MODEL_STAY 0.7    /* model kernel: probability of keeping the model */
#define ABC_MAX_RETRIES 10000 /* proposals outside the prior, then IGRAPH_DIVERGED */
#define ABC_FORMAT_VERSION 1  /* abc_smc_save's format */

enum abc_prior_kind {
    ABC_UNIFORM,    /* uniform on [lo, hi] */
    ABC_TRIANGULAR, /* triangular on [lo, hi] with its peak at mode */
    ABC_NORMAL      /* normal (mean, sd) truncated to [lo, hi]; lo, hi may be infinite */
};

/* A parameter's prior. lo < hi, finite for uniform and triangular; lo <=
 * mode <= hi; sd > 0. integer: lo and hi are integers (or infinite, for a
 * normal) and the parameter takes integer values (latent, see above).
 * model: -1 when every model has the parameter, else the one model that
 * has it (the others see NaN in its place). */
struct abc_prior {
    enum abc_prior_kind kind;
    double lo, hi;
    double mode;
    double mean, sd;
    int integer;
    int model;
};

/* IGRAPH_SUCCESS, or IGRAPH_EINVAL when p breaks the rules above. */
igraph_error_t abc_prior_check(const struct abc_prior *p);

/* Density of the prior at latent value x (0 outside the support; for an
 * integer parameter, over the widened support). */
double abc_prior_pdf(const struct abc_prior *p, double x);

/* One draw of the latent value from the prior. */
double abc_prior_sample(const struct abc_prior *p, gsl_rng *rng);

/* The value a simulation uses for latent value x: the nearest integer
 * (kept within [lo, hi]) for an integer parameter, x otherwise. */
double abc_prior_value(const struct abc_prior *p, double x);

/* Summary of one closed generation. */
struct abc_generation {
    double epsilon;    /* tolerance (infinity for generation 0) */
    double acceptance; /* n_particles / n_proposed */
    double ess;        /* 1 / sum w^2 */
    size_t n_proposed; /* index of the last accepted proposal + 1 */
};

/* The sampler. Callers read the fields marked "read"; the rest is private.
 * After abc_smc_next_generation has closed generation t (t = s->t - 1):
 * theta (n x k, row-major, latent values, NaN where the particle's model
 * lacks the parameter), model, weight, distance: generation t's particles
 * in proposal order; history[0..t], model_prob[g * n_models + m]: P_g(m). */
struct abc_smc {
    /* read: the setup */
    size_t k, n, n_models;
    struct abc_prior *priors;
    double *model_prior; /* normalised */
    double alpha;
    /* read: progress */
    size_t t;       /* generation being filled */
    double epsilon; /* its tolerance */
    /* read: the last closed generation (NULL/undefined before the first) */
    double *theta;
    int *model;
    double *weight, *distance;
    /* read: per closed generation */
    struct abc_generation *history;
    double *model_prob;
    /* private: generation t's reports (every reported index, accepted or not) */
    size_t n_acc, cap_acc;
    size_t *acc_index;
    double *acc_theta, *acc_distance;
    int *acc_model;
    unsigned char *reported;
    size_t cap_reported, frontier; /* proposals 0..frontier-1 are all reported */
    /* private: the proposal kernels, from the last closed generation */
    double *chol;     /* n_models x k x k lower Cholesky factors */
    double *log_norm; /* per model: log of the kernel's normalising constant */
    double *cum;      /* per particle: cumulative weight within its model */
    double *log_w;    /* per particle: log of its weight / its model's */
    size_t *order;    /* particles grouped by model, in proposal order */
    size_t *start;    /* model m's particles: order[start[m] .. start[m+1]-1] */
    double *work;     /* k doubles of scratch for the serial steps */
};

/* Set up s for n_particles particles of k parameters. n_models >= 1;
 * model_priors holds n_models nonnegative probabilities with a positive sum
 * (normalised here), or NULL for equal ones; with one model, every prior's
 * model is -1 or 0. alpha in (0, 1) (ABC_DEFAULT_ALPHA). A model may have
 * no parameter of its own; k == 0 needs n_models > 1 (model choice alone).
 * n_particles >= 2. IGRAPH_EINVAL on a bad argument or
 * prior; IGRAPH_ENOMEM. s is zeroed on failure (destroy is still safe). */
igraph_error_t abc_smc_init(struct abc_smc *s, size_t k, const struct abc_prior *priors, size_t n_particles,
                            size_t n_models, const double *model_priors, double alpha);
void abc_smc_destroy(struct abc_smc *s);

/* Draw a proposal of generation s->t into theta (k latent values) and
 * *model, using only rng. Does not change s: proposals may be drawn in
 * parallel. IGRAPH_DIVERGED after ABC_MAX_RETRIES draws outside the prior's
 * support. */
igraph_error_t abc_smc_propose(const struct abc_smc *s, gsl_rng *rng, double *theta, int *model);

/* Report proposal i of generation s->t: its theta and model (as proposed)
 * and the distance of its simulation. Accepted when distance <= s->epsilon
 * (*accepted, if not NULL, says so); +infinity is allowed (never accepted
 * after generation 0). IGRAPH_EINVAL when i was already reported, the
 * distance is NaN or negative, or model is out of range; IGRAPH_ENOMEM. */
igraph_error_t abc_smc_accept(struct abc_smc *s, size_t i, const double *theta, int model, double distance,
                              int *accepted);

/* Nonzero when proposal i of generation s->t has been reported (a driver
 * resuming a saved generation skips those). */
int abc_smc_reported(const struct abc_smc *s, size_t i);

/* Nonzero when generation s->t is complete: n_particles accepted among
 * proposals 0..j, all of which were reported. */
int abc_smc_full(const struct abc_smc *s);

/* Close generation s->t: keep its first n_particles accepted proposals,
 * weight them, record its history entry and model probabilities, compute
 * the next tolerance and kernels, and start generation s->t + 1.
 * IGRAPH_EINVAL when the generation is not full; IGRAPH_ENOMEM. */
igraph_error_t abc_smc_next_generation(struct abc_smc *s);

/* Write the whole state (setup, closed generations, the reports of the open
 * one) to f as text, floating point in C99 hex (exact round-trip).
 * IGRAPH_EFILE on a write error. */
igraph_error_t abc_smc_save(const struct abc_smc *s, FILE *f);

/* Read a state written by abc_smc_save into s (not initialised before).
 * Proposals and results after loading are those the saved state would
 * have given. IGRAPH_PARSEERROR on a malformed file or another format
 * version; IGRAPH_EINVAL when its contents break abc_smc_init's rules;
 * IGRAPH_ENOMEM. s is zeroed on failure. */
igraph_error_t abc_smc_load(struct abc_smc *s, FILE *f);

/* sqrt(sum_i ((sim_i - obs_i) / scale_i)^2) over n values; scale_i > 0.
 * NaN when a value is NaN, +infinity when a simulated value is infinite. */
double abc_distance(const double *sim, const double *obs, const double *scale, size_t n);

/* Index of a draw from weights w[0..n-1] (nonnegative, positive sum): the
 * first i with w[0] + ... + w[i] > u (w[0] + ... + w[n-1]), u uniform. */
size_t abc_draw_index(const double *w, size_t n, gsl_rng *rng);

/* The p-quantile (p in [0, 1]) of x[0..n-1] with weights w (nonnegative,
 * positive sum; NaN entries of x skipped with their weight): the smallest
 * x_i whose cumulative normalised weight, in increasing x, reaches p. NaN
 * when no weight is left. Sorts a copy (n pairs) allocated here;
 * IGRAPH_EINVAL when p is outside [0, 1]; IGRAPH_ENOMEM. */
igraph_error_t abc_weighted_quantile(const double *x, const double *w, size_t n, double p, double *q);

#endif

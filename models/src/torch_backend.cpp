// The LibTorch implementation of ModelBackend (built into libketapgx_models.so).
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>

#include "ketapgx/core/errors.h"
#include "ketapgx/models/attribution.h"
#include "ketapgx/models/calibration.h"
#include "ketapgx/models/model_api.h"
#include "ketapgx/models/ood.h"
#include "network.h"

namespace ketapgx::models {

// OpenBLAS's own threads, when LibTorch runs on OpenBLAS (Debian's does): a
// weak reference, null with another BLAS.
extern "C" void openblas_set_num_threads(int) __attribute__((weak));

namespace {

// Prediction parallelises over chunks of people; a BLAS that also starts
// threads for each small product only spins against them (sched_yield was a
// tenth of a 500,000-person score).
void single_threaded_blas() {
  if (openblas_set_num_threads) openblas_set_num_threads(1);
}

// Deterministic shuffles: our own Fisher-Yates over std::mt19937_64.
void shuffle(std::vector<std::size_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
}

// torch::save to a path writes the archive's end in the writer's destructor,
// and a failed write there (a full disk) throws from a destructor: terminate.
// The archive is built in memory instead and written here, checked.
void save_weights(const Net& net, const std::string& path) {
  std::ostringstream archive;
  torch::save(net, archive);
  const std::string bytes = archive.str();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("writing " + path + " failed (disk full or file system error)");
}

// Stratified by responder label (unknown labels form their own stratum).
std::vector<int> assign_folds(const Dataset& d, int folds, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<int> fold(d.n, 0);
  for (int label : {0, 1, -1}) {
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < d.n; ++i)
      if (d.responder[i] == label) idx.push_back(i);
    shuffle(idx, rng);
    for (std::size_t k = 0; k < idx.size(); ++k) fold[idx[k]] = static_cast<int>(k % static_cast<std::size_t>(folds));
  }
  return fold;
}

struct Normalisation {
  std::vector<double> mean, sd;
};

Normalisation fit_normalisation(const Dataset& d, const std::vector<std::size_t>& rows) {
  const std::size_t f = d.n_features();
  Normalisation nz{std::vector<double>(f, 0.0), std::vector<double>(f, 1.0)};
  for (std::size_t j = 0; j < f; ++j) {
    double sum = 0, sq = 0;
    std::size_t k = 0;
    for (std::size_t i : rows) {
      const float v = d.x[i * f + j];
      if (std::isnan(v)) continue;
      sum += v;
      ++k;
    }
    const double m = k ? sum / static_cast<double>(k) : 0.0;
    for (std::size_t i : rows) {
      const float v = d.x[i * f + j];
      if (!std::isnan(v)) sq += (v - m) * (v - m);
    }
    const double sd = k > 1 ? std::sqrt(sq / static_cast<double>(k - 1)) : 0.0;
    nz.mean[j] = m;
    nz.sd[j] = sd > 1e-12 ? sd : 1.0;
  }
  return nz;
}

// Standardised features of rows [begin, end) or of `rows`; missing values become the mean (0).
template <typename Scalar>
torch::Tensor features(const Dataset& d, const std::vector<std::size_t>& rows, const std::vector<double>& mean,
                       const std::vector<double>& sd) {
  const std::size_t f = d.n_features();
  torch::Tensor t = torch::zeros({static_cast<int64_t>(rows.size()), static_cast<int64_t>(f)},
                                 std::is_same_v<Scalar, double> ? torch::kFloat64 : torch::kFloat32);
  auto a = t.accessor<Scalar, 2>();
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t j = 0; j < f; ++j) {
      const float v = d.x[rows[r] * f + j];
      a[static_cast<int64_t>(r)][static_cast<int64_t>(j)] = std::isnan(v) ? Scalar(0) : static_cast<Scalar>((v - mean[j]) / sd[j]);
    }
  return t;
}

struct Labels {
  torch::Tensor responder, responder_mask, metabolizer, metabolizer_mask;
};

Labels labels(const Dataset& d, const std::vector<std::size_t>& rows) {
  const auto n = static_cast<int64_t>(rows.size());
  Labels l{torch::zeros({n}), torch::zeros({n}), torch::zeros({n}, torch::kLong), torch::zeros({n})};
  auto r = l.responder.accessor<float, 1>();
  auto rm = l.responder_mask.accessor<float, 1>();
  auto m = l.metabolizer.accessor<int64_t, 1>();
  auto mm = l.metabolizer_mask.accessor<float, 1>();
  for (int64_t i = 0; i < n; ++i) {
    const std::size_t s = rows[static_cast<std::size_t>(i)];
    if (d.responder[s] >= 0) {
      r[i] = static_cast<float>(d.responder[s]);
      rm[i] = 1.0f;
    }
    if (d.metabolizer[s] >= 0) {
      m[i] = d.metabolizer[s];
      mm[i] = 1.0f;
    }
  }
  return l;
}

struct Weights {
  torch::Tensor pos_weight;    // responder (undefined: no class weight)
  torch::Tensor class_weight;  // metabolizer
};

Weights class_weights(const Dataset& d, const std::vector<std::size_t>& rows, bool responder_class_weight) {
  double pos = 0, neg = 0;
  std::vector<double> cls(kMetabolizerClasses, 0.0);
  double labelled = 0;
  for (std::size_t s : rows) {
    if (d.responder[s] == 1) ++pos;
    if (d.responder[s] == 0) ++neg;
    if (d.metabolizer[s] >= 0) {
      ++cls[static_cast<std::size_t>(d.metabolizer[s])];
      ++labelled;
    }
  }
  Weights w{responder_class_weight ? torch::full({1}, pos > 0 ? static_cast<float>(neg / pos) : 1.0f) : torch::Tensor(),
            torch::zeros({kMetabolizerClasses})};
  // The metabolizer classes are very unequal (UM is rare): balanced weights
  // keep the rare classes from being ignored; balanced accuracy is the target.
  for (int k = 0; k < kMetabolizerClasses; ++k)
    w.class_weight[k] = cls[static_cast<std::size_t>(k)] > 0 ? labelled / (kMetabolizerClasses * cls[static_cast<std::size_t>(k)]) : 0.0;
  return w;
}

struct Losses {
  torch::Tensor responder, metabolizer;  // masked means; the training objective is their sum
};

Losses losses_of(Net& net, const torch::Tensor& x, const Labels& y, const Weights& w) {
  auto [logit, metab] = net->forward(x);
  auto bce = torch::binary_cross_entropy_with_logits(logit, y.responder, {}, w.pos_weight, torch::Reduction::None);
  Losses l{(bce * y.responder_mask).sum() / y.responder_mask.sum().clamp_min(1.0), torch::zeros({}, logit.options())};
  if (y.metabolizer_mask.sum().item<float>() > 0) {
    auto ce = torch::nn::functional::cross_entropy(
        metab, y.metabolizer, torch::nn::functional::CrossEntropyFuncOptions().weight(w.class_weight).reduction(torch::kNone));
    l.metabolizer = (ce * y.metabolizer_mask).sum() / y.metabolizer_mask.sum().clamp_min(1.0);
  }
  return l;
}

// Best weights of one task, restored separately: the two heads stop improving
// at different epochs (the noisy responder loss usually first).
struct BestState {
  double loss = std::numeric_limits<double>::infinity();
  int epoch = 0, since = 0;
  std::vector<torch::Tensor> params;
  void offer(double l, int e, Net& net) {
    if (l < loss - 1e-6) {
      loss = l;
      epoch = e;
      since = 0;
      params.clear();
      for (const auto& t : net->parameters()) params.push_back(t.detach().clone());
    } else {
      ++since;
    }
  }
  void restore(Net& net) const {
    torch::NoGradGuard guard;
    auto current = net->parameters();
    for (std::size_t i = 0; i < current.size(); ++i) current[i].copy_(params[i]);
  }
};

// Per fold: the weights at the best responder epoch and at the best metabolizer epoch.
std::string weight_file(int fold) { return "fold" + std::to_string(fold) + ".pt"; }
std::string metabolizer_weight_file(int fold) { return "fold" + std::to_string(fold) + "_metabolizer.pt"; }

// 1 for the inputs the metabolizer head sees (metabolizer:* features; all when there are none).
torch::Tensor pgx_mask(const std::vector<std::string>& names) {
  torch::Tensor m = torch::zeros({static_cast<int64_t>(names.size())});
  bool any = false;
  for (std::size_t j = 0; j < names.size(); ++j)
    if (names[j].rfind("metabolizer:", 0) == 0) {
      m[static_cast<int64_t>(j)] = 1.0f;
      any = true;
    }
  return any ? m : torch::ones({static_cast<int64_t>(names.size())});
}

// The responder path of a fold model as plain arrays, for exact attributions.
ReluNet relu_net_of(Net& net) {
  auto vec = [](const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  };
  ReluNet r;
  r.inputs = static_cast<std::size_t>(net->fc1->weight.size(1));
  r.hidden = static_cast<std::size_t>(net->fc1->weight.size(0));
  r.w1 = vec(net->fc1->weight);
  r.b1 = vec(net->fc1->bias);
  r.w2 = vec(net->fc2->weight);
  r.b2 = vec(net->fc2->bias);
  r.w3 = vec(net->responder->weight);
  r.b3 = vec(net->responder->bias).at(0);
  r.wl = vec(net->responder_linear->weight);
  prepare_relu_net(r);
  return r;
}

Net load_net(const ModelParams& p, const std::string& bytes, const std::string& name) {
  Net net(static_cast<int64_t>(p.feature_names.size()), p.hidden, p.dropout, pgx_mask(p.feature_names));
  try {
    std::istringstream in(bytes);
    torch::load(net, in);
  } catch (const c10::Error& e) {
    throw ModelError(name + ": cannot load the weights (" + std::string(e.what_without_backtrace()) +
                     "); the bundle does not match this ketapgx, retrain it");
  }
  net->eval();
  // Inference runs in double precision: a float GEMM's last bit depends on
  // the batch shape (BLAS blocking), so a person scored in a shard could
  // differ from the same person scored in the whole cohort; in double the
  // difference sits far below the six significant digits written out.
  net->to(torch::kFloat64);
  return net;
}

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

class TorchBackend final : public ModelBackend {
 public:
  std::string torch_version() const override { return TORCH_VERSION; }
  bool cuda_available() const override { return torch::cuda::is_available(); }

  TrainOutcome train(const Dataset& d, const TrainConfig& cfg, const std::string& dir, const Progress& progress) override {
    torch::manual_seed(cfg.seed);
    at::set_num_threads(1);  // bit-identical CPU runs for a seed
    const torch::Device device = cfg.use_cuda && torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
    const std::size_t f = d.n_features();
    const std::vector<int> fold = assign_folds(d, cfg.folds, cfg.seed);
    TrainOutcome out;
    ModelParams& p = out.params;
    p.feature_names = d.feature_names;
    p.folds = cfg.folds;
    p.hidden = cfg.hidden;
    p.dropout = cfg.dropout;
    std::vector<double> oof_logit(d.n, 0.0);
    out.out_of_fold.p_class.assign(d.n * kMetabolizerClasses, 0.0);
    std::mt19937_64 rng(cfg.seed ^ 0x9E3779B97F4A7C15ull);
    for (int k = 0; k < cfg.folds; ++k) {
      std::vector<std::size_t> train_rows, val_rows;
      for (std::size_t i = 0; i < d.n; ++i) (fold[i] == k ? val_rows : train_rows).push_back(i);
      const Normalisation nz = fit_normalisation(d, train_rows);
      p.fold_mean.push_back(nz.mean);
      p.fold_sd.push_back(nz.sd);
      const torch::Tensor x_val = features<float>(d, val_rows, nz.mean, nz.sd).to(device);
      const Labels y_val = labels(d, val_rows);
      Labels y_val_dev{y_val.responder.to(device), y_val.responder_mask.to(device), y_val.metabolizer.to(device),
                       y_val.metabolizer_mask.to(device)};
      Weights w = class_weights(d, train_rows, cfg.responder_class_weight);
      if (w.pos_weight.defined()) w.pos_weight = w.pos_weight.to(device);
      w.class_weight = w.class_weight.to(device);
      Net net(static_cast<int64_t>(f), cfg.hidden, cfg.dropout, pgx_mask(d.feature_names));
      net->to(device);
      torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(cfg.learning_rate).weight_decay(cfg.weight_decay));
      BestState best_r, best_m;
      for (int epoch = 1; epoch <= cfg.max_epochs; ++epoch) {
        net->train();
        shuffle(train_rows, rng);
        double train_loss = 0;
        for (std::size_t b = 0; b < train_rows.size(); b += static_cast<std::size_t>(cfg.batch_size)) {
          const std::vector<std::size_t> batch(train_rows.begin() + static_cast<std::ptrdiff_t>(b),
                                               train_rows.begin() + static_cast<std::ptrdiff_t>(std::min(train_rows.size(), b + static_cast<std::size_t>(cfg.batch_size))));
          const torch::Tensor xb = features<float>(d, batch, nz.mean, nz.sd).to(device);
          Labels yb = labels(d, batch);
          yb = Labels{yb.responder.to(device), yb.responder_mask.to(device), yb.metabolizer.to(device), yb.metabolizer_mask.to(device)};
          opt.zero_grad();
          const Losses l = losses_of(net, xb, yb, w);
          torch::Tensor loss = l.responder + l.metabolizer;
          loss.backward();
          opt.step();
          train_loss += loss.item<double>() * static_cast<double>(batch.size());
        }
        net->eval();
        Losses val;
        {
          torch::NoGradGuard guard;
          val = losses_of(net, x_val, y_val_dev, w);
        }
        best_r.offer(val.responder.item<double>(), epoch, net);
        best_m.offer(val.metabolizer.item<double>(), epoch, net);
        if (progress && epoch % 20 == 0) {
          char line[200];
          std::snprintf(line, sizeof line, "fold %d/%d epoch %d: train loss %.4f, validation loss responder %.4f metabolizer %.4f",
                        k + 1, cfg.folds, epoch, train_loss / static_cast<double>(train_rows.size()),
                        val.responder.item<double>(), val.metabolizer.item<double>());
          progress(line);
        }
        if (best_r.since >= cfg.patience && best_m.since >= cfg.patience) break;
      }
      out.epochs_per_fold.push_back(best_r.epoch);
      out.metabolizer_epochs_per_fold.push_back(best_m.epoch);
      net->to(torch::kCPU);
      Net net_m(static_cast<int64_t>(f), cfg.hidden, cfg.dropout, pgx_mask(d.feature_names));
      best_m.restore(net);
      save_weights(net, dir + "/" + metabolizer_weight_file(k));
      torch::load(net_m, dir + "/" + metabolizer_weight_file(k));
      best_r.restore(net);
      save_weights(net, dir + "/" + weight_file(k));
      out.weight_files.push_back({weight_file(k), k, "responder"});
      out.weight_files.push_back({metabolizer_weight_file(k), k, "metabolizer"});
      net->eval();
      net_m->eval();
      torch::NoGradGuard guard;
      const torch::Tensor xv = features<float>(d, val_rows, nz.mean, nz.sd);
      const torch::Tensor logit = net->forward(xv).first;
      const torch::Tensor prob = torch::softmax(net_m->forward(xv).second, 1);
      for (std::size_t r = 0; r < val_rows.size(); ++r) {
        oof_logit[val_rows[r]] = logit[static_cast<int64_t>(r)].item<float>();
        for (int c = 0; c < kMetabolizerClasses; ++c)
          out.out_of_fold.p_class[val_rows[r] * kMetabolizerClasses + static_cast<std::size_t>(c)] =
              prob[static_cast<int64_t>(r)][c].item<float>();
      }
      if (progress) {
        char line[200];
        std::snprintf(line, sizeof line, "fold %d/%d: best validation loss responder %.4f (epoch %d), metabolizer %.4f (epoch %d)",
                      k + 1, cfg.folds, best_r.loss, best_r.epoch, best_m.loss, best_m.epoch);
        progress(line);
      }
    }
    p.calibration = cfg.calibration == "temperature" ? fit_temperature(oof_logit, d.responder) : fit_platt(oof_logit, d.responder);
    p.ood = fit_ood_reference(d.x, d.n, f, 0.999, &fold);
    Predictions& oof = out.out_of_fold;
    oof.p_responder.resize(d.n);
    oof.logit.resize(d.n);
    for (std::size_t i = 0; i < d.n; ++i) {
      oof.logit[i] = calibrated_logit(p.calibration, oof_logit[i]);
      oof.p_responder[i] = sigmoid(oof.logit[i]);
    }
    oof.p_lo = oof.p_responder;
    oof.p_hi = oof.p_responder;
    return out;
  }

  // Rows [begin, end) of `d`: every fold's forward passes, their average,
  // the attributions and the out-of-distribution distance, written to those
  // rows of `out` (which the other chunks do not touch).
  static void predict_chunk(const ModelParams& p, std::vector<Net>& nets, std::vector<Net>& nets_m, const std::vector<ReluNet>& relu,
                            const Dataset& d, std::size_t begin, std::size_t end, bool contributions, double per_fold, IgWorkspace& ws,
                            Predictions& out) {
    const std::size_t f = p.feature_names.size();
    std::vector<std::size_t> rows(end - begin);
    for (std::size_t i = begin; i < end; ++i) rows[i - begin] = i;
    for (int k = 0; k < p.folds; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      const torch::Tensor x = features<double>(d, rows, p.fold_mean[kk], p.fold_sd[kk]);
      const torch::Tensor logit = nets[kk]->forward(x).first.contiguous();
      const torch::Tensor cls = torch::softmax(nets_m[kk]->forward(x).second, 1).contiguous();
      const double* la = logit.data_ptr<double>();
      const double* ca = cls.data_ptr<double>();
      const double* xa = x.data_ptr<double>();
      for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::size_t i = rows[r];
        const double l = calibrated_logit(p.calibration, la[r]);
        const double v = sigmoid(l);
        out.logit[i] += per_fold * l;
        out.p_responder[i] += per_fold * v;
        out.p_lo[i] = std::min(out.p_lo[i], v);
        out.p_hi[i] = std::max(out.p_hi[i], v);
        for (int c = 0; c < kMetabolizerClasses; ++c)
          out.p_class[i * kMetabolizerClasses + static_cast<std::size_t>(c)] += per_fold * ca[r * kMetabolizerClasses + static_cast<std::size_t>(c)];
        // Each person's contributions depend on that person alone.
        if (contributions) add_integrated_gradients(relu[kk], xa + r * f, per_fold * p.calibration.slope, &out.contributions[i * f], ws);
      }
    }
    if (!p.ood.empty()) {
      const auto nr = static_cast<int64_t>(rows.size());
      torch::Tensor z = torch::empty({nr, static_cast<int64_t>(f)}, torch::kFloat64);
      double* za = z.data_ptr<double>();
      for (std::size_t r = 0; r < rows.size(); ++r) ood_standardize(p.ood, &d.x[rows[r] * f], f, za + r * f);
      const torch::Tensor precision =
          torch::from_blob(const_cast<double*>(p.ood.precision.data()), {static_cast<int64_t>(f), static_cast<int64_t>(f)}, torch::kFloat64);
      const torch::Tensor d2 = (z.mm(precision) * z).sum(1).contiguous();
      std::copy(d2.data_ptr<double>(), d2.data_ptr<double>() + nr, out.ood_distance2.begin() + static_cast<std::ptrdiff_t>(begin));
    }
  }

  Predictions predict(const ModelParams& p, const std::vector<FoldWeights>& weights, const Dataset& d,
                      const PredictOptions& options) override {
    torch::InferenceMode guard;
    at::set_num_threads(1);
    const std::size_t f = p.feature_names.size();
    if (d.n_features() != f) throw ModelError("feature count differs from the model's");
    if (weights.size() != static_cast<std::size_t>(p.folds)) throw ModelError("the bundle lists weights for another number of folds");
    std::vector<Net> nets, nets_m;
    std::vector<ReluNet> relu;
    for (const FoldWeights& w : weights) {
      nets.push_back(load_net(p, w.responder, w.responder_file));
      nets_m.push_back(load_net(p, w.metabolizer, w.metabolizer_file));
      if (options.contributions) relu.push_back(relu_net_of(nets.back()));
    }
    Predictions out;
    out.p_responder.assign(d.n, 0.0);
    out.p_lo.assign(d.n, 1.0);
    out.p_hi.assign(d.n, 0.0);
    out.p_class.assign(d.n * kMetabolizerClasses, 0.0);
    out.logit.assign(d.n, 0.0);
    if (options.contributions) out.contributions.assign(d.n * f, 0.0);
    if (!p.ood.empty()) out.ood_distance2.assign(d.n, 0.0);
    const double per_fold = 1.0 / static_cast<double>(p.folds);
    // The training-average person: every feature at its fold mean (0 once standardised).
    for (int k = 0; k < p.folds; ++k) {
      const torch::Tensor zero = torch::zeros({1, static_cast<int64_t>(f)}, torch::kFloat64);
      out.logit_baseline += per_fold * calibrated_logit(p.calibration, nets[static_cast<std::size_t>(k)]->forward(zero).first[0].item<double>());
    }
    // In chunks of people: memory stays bounded whatever the cohort's size.
    // Chunks run in parallel, each on one thread from its forward passes to
    // its attributions (LibTorch and OpenBLAS single-threaded inside: threads
    // of their own would only contend with these). Every person's numbers
    // come from the same chunk and the same operations in the same order
    // whatever --threads is: the chunks start at fixed multiples of kChunk.
    constexpr std::size_t kChunk = 16384;
    single_threaded_blas();
    const auto n_chunks = static_cast<std::int64_t>((d.n + kChunk - 1) / kChunk);
    std::exception_ptr failure;
#pragma omp parallel num_threads(std::max(1, options.threads))
    {
      torch::InferenceMode thread_guard;  // thread-local in LibTorch
      IgWorkspace ws;
#pragma omp for schedule(dynamic, 1)
      for (std::int64_t chunk = 0; chunk < n_chunks; ++chunk) try {
        const std::size_t begin = static_cast<std::size_t>(chunk) * kChunk;
        const std::size_t end = std::min(d.n, begin + kChunk);
        predict_chunk(p, nets, nets_m, relu, d, begin, end, options.contributions, per_fold, ws, out);
      } catch (...) {
#pragma omp critical(ketapgx_predict_failure)
        if (!failure) failure = std::current_exception();
      }
    }
    if (failure) std::rethrow_exception(failure);
    return out;
  }
};

}  // namespace
}  // namespace ketapgx::models

extern "C" int ketapgx_model_api_version() { return ketapgx::models::kModelApiVersion; }
extern "C" ketapgx::models::ModelBackend* ketapgx_create_model_backend() { return new ketapgx::models::TorchBackend(); }

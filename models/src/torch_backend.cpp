// The LibTorch implementation of ModelBackend (built into libketapgx_models.so).
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "ketapgx/core/errors.h"
#include "ketapgx/models/model_api.h"
#include "network.h"

namespace ketapgx::models {

namespace {

// Deterministic shuffles: our own Fisher-Yates over std::mt19937_64.
void shuffle(std::vector<std::size_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng() % i]);
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

// Standardised features of `rows`; missing values become the mean (0).
torch::Tensor features(const Dataset& d, const std::vector<std::size_t>& rows, const std::vector<double>& mean,
                       const std::vector<double>& sd) {
  const std::size_t f = d.n_features();
  torch::Tensor t = torch::zeros({static_cast<int64_t>(rows.size()), static_cast<int64_t>(f)}, torch::kFloat32);
  auto a = t.accessor<float, 2>();
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t j = 0; j < f; ++j) {
      const float v = d.x[rows[r] * f + j];
      a[static_cast<int64_t>(r)][static_cast<int64_t>(j)] = std::isnan(v) ? 0.0f : static_cast<float>((v - mean[j]) / sd[j]);
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
  torch::Tensor pos_weight;    // responder
  torch::Tensor class_weight;  // metabolizer
};

Weights class_weights(const Dataset& d, const std::vector<std::size_t>& rows) {
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
  Weights w{torch::full({1}, pos > 0 ? static_cast<float>(neg / pos) : 1.0f), torch::zeros({kMetabolizerClasses})};
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

// Temperature T > 0 minimising the log loss of sigmoid(logit / T) (golden section on log T).
double fit_temperature(const std::vector<float>& logits, const std::vector<std::int8_t>& y) {
  auto nll = [&](double log_t) {
    const double t = std::exp(log_t);
    double s = 0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
      if (y[i] < 0) continue;
      const double z = logits[i] / t;
      s += y[i] ? std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
    }
    return s;
  };
  double a = std::log(0.05), b = std::log(20.0);
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int it = 0; it < 80; ++it) {
    const double c = b - g * (b - a), d = a + g * (b - a);
    if (nll(c) < nll(d)) b = d;
    else a = c;
  }
  return std::exp((a + b) / 2);
}

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
    std::vector<float> oof_logit(d.n, 0.0f);
    out.out_of_fold.p_class.assign(d.n * kMetabolizerClasses, 0.0f);
    std::mt19937_64 rng(cfg.seed ^ 0x9E3779B97F4A7C15ull);
    for (int k = 0; k < cfg.folds; ++k) {
      std::vector<std::size_t> train_rows, val_rows;
      for (std::size_t i = 0; i < d.n; ++i) (fold[i] == k ? val_rows : train_rows).push_back(i);
      const Normalisation nz = fit_normalisation(d, train_rows);
      p.fold_mean.push_back(nz.mean);
      p.fold_sd.push_back(nz.sd);
      const torch::Tensor x_val = features(d, val_rows, nz.mean, nz.sd).to(device);
      const Labels y_val = labels(d, val_rows);
      Labels y_val_dev{y_val.responder.to(device), y_val.responder_mask.to(device), y_val.metabolizer.to(device),
                       y_val.metabolizer_mask.to(device)};
      Weights w = class_weights(d, train_rows);
      w.pos_weight = w.pos_weight.to(device);
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
          const torch::Tensor xb = features(d, batch, nz.mean, nz.sd).to(device);
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
      torch::save(net, dir + "/" + metabolizer_weight_file(k));
      torch::load(net_m, dir + "/" + metabolizer_weight_file(k));
      best_r.restore(net);
      torch::save(net, dir + "/" + weight_file(k));
      out.weight_files.push_back(weight_file(k));
      out.weight_files.push_back(metabolizer_weight_file(k));
      net->eval();
      net_m->eval();
      torch::NoGradGuard guard;
      const torch::Tensor xv = features(d, val_rows, nz.mean, nz.sd);
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
    p.temperature = fit_temperature(oof_logit, d.responder);
    out.out_of_fold.p_responder.resize(d.n);
    for (std::size_t i = 0; i < d.n; ++i)
      out.out_of_fold.p_responder[i] = static_cast<float>(1.0 / (1.0 + std::exp(-oof_logit[i] / p.temperature)));
    out.out_of_fold.p_lo = out.out_of_fold.p_responder;
    out.out_of_fold.p_hi = out.out_of_fold.p_responder;
    return out;
  }

  Predictions predict(const std::string& dir, const ModelParams& p, const Dataset& d) override {
    torch::InferenceMode guard;
    at::set_num_threads(1);
    if (d.n_features() != p.feature_names.size()) throw ModelError("feature count differs from the model's");
    std::vector<std::size_t> rows(d.n);
    for (std::size_t i = 0; i < d.n; ++i) rows[i] = i;
    Predictions out;
    out.p_responder.assign(d.n, 0.0f);
    out.p_lo.assign(d.n, 1.0f);
    out.p_hi.assign(d.n, 0.0f);
    out.p_class.assign(d.n * kMetabolizerClasses, 0.0f);
    auto load = [&](const std::string& file) {
      Net net(static_cast<int64_t>(p.feature_names.size()), p.hidden, p.dropout, pgx_mask(p.feature_names));
      try {
        torch::load(net, dir + "/" + file);
      } catch (const c10::Error& e) {
        throw ModelError(dir + "/" + file + ": cannot load the weights (" + std::string(e.what_without_backtrace()) + ")");
      }
      net->eval();
      // Inference runs in double precision: a float GEMM's last bit depends on
      // the batch shape (BLAS blocking), so a person scored in a shard could
      // differ from the same person scored in the whole cohort; in double the
      // difference sits far below the six significant digits written out.
      net->to(torch::kFloat64);
      return net;
    };
    for (int k = 0; k < p.folds; ++k) {
      Net net = load(weight_file(k)), net_m = load(metabolizer_weight_file(k));
      const torch::Tensor x =
          features(d, rows, p.fold_mean[static_cast<std::size_t>(k)], p.fold_sd[static_cast<std::size_t>(k)]).to(torch::kFloat64);
      const auto prob = torch::sigmoid(net->forward(x).first / p.temperature).to(torch::kFloat32);
      const auto cls = torch::softmax(net_m->forward(x).second, 1).to(torch::kFloat32);
      auto pa = prob.accessor<float, 1>();
      auto ca = cls.accessor<float, 2>();
      for (std::size_t i = 0; i < d.n; ++i) {
        const float v = pa[static_cast<int64_t>(i)];
        out.p_responder[i] += v / static_cast<float>(p.folds);
        out.p_lo[i] = std::min(out.p_lo[i], v);
        out.p_hi[i] = std::max(out.p_hi[i], v);
        for (int c = 0; c < kMetabolizerClasses; ++c)
          out.p_class[i * kMetabolizerClasses + static_cast<std::size_t>(c)] += ca[static_cast<int64_t>(i)][c] / static_cast<float>(p.folds);
      }
    }
    return out;
  }
};

}  // namespace
}  // namespace ketapgx::models

extern "C" ketapgx::models::ModelBackend* ketapgx_create_model_backend() { return new ketapgx::models::TorchBackend(); }

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

torch::Tensor loss_of(Net& net, const torch::Tensor& x, const Labels& y, const Weights& w) {
  auto [logit, metab] = net->forward(x);
  auto bce = torch::binary_cross_entropy_with_logits(logit, y.responder, {}, w.pos_weight, torch::Reduction::None);
  const auto n_r = y.responder_mask.sum().clamp_min(1.0);
  torch::Tensor loss = (bce * y.responder_mask).sum() / n_r;
  if (y.metabolizer_mask.sum().item<float>() > 0) {
    auto ce = torch::nn::functional::cross_entropy(
        metab, y.metabolizer, torch::nn::functional::CrossEntropyFuncOptions().weight(w.class_weight).reduction(torch::kNone));
    loss = loss + (ce * y.metabolizer_mask).sum() / y.metabolizer_mask.sum().clamp_min(1.0);
  }
  return loss;
}

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

std::string weight_file(int fold) { return "fold" + std::to_string(fold) + ".pt"; }

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
      Net net(static_cast<int64_t>(f), cfg.hidden, cfg.dropout);
      net->to(device);
      torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(cfg.learning_rate).weight_decay(cfg.weight_decay));
      double best = std::numeric_limits<double>::infinity();
      int best_epoch = 0, since = 0;
      std::vector<torch::Tensor> best_state;
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
          torch::Tensor loss = loss_of(net, xb, yb, w);
          loss.backward();
          opt.step();
          train_loss += loss.item<double>() * static_cast<double>(batch.size());
        }
        net->eval();
        double val_loss;
        {
          torch::NoGradGuard guard;
          val_loss = loss_of(net, x_val, y_val_dev, w).item<double>();
        }
        if (val_loss < best - 1e-6) {
          best = val_loss;
          best_epoch = epoch;
          since = 0;
          best_state.clear();
          for (const auto& t : net->parameters()) best_state.push_back(t.detach().clone());
        } else if (++since >= cfg.patience) {
          break;
        }
        if (progress && epoch % 20 == 0) {
          char line[160];
          std::snprintf(line, sizeof line, "fold %d/%d epoch %d: train loss %.4f, validation loss %.4f (best %.4f at epoch %d)",
                        k + 1, cfg.folds, epoch, train_loss / static_cast<double>(train_rows.size()), val_loss, best, best_epoch);
          progress(line);
        }
      }
      {  // restore the best weights
        torch::NoGradGuard guard;
        auto params = net->parameters();
        for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best_state[i]);
      }
      out.epochs_per_fold.push_back(best_epoch);
      net->to(torch::kCPU);
      torch::save(net, dir + "/" + weight_file(k));
      out.weight_files.push_back(weight_file(k));
      net->eval();
      torch::NoGradGuard guard;
      auto [logit, metab] = net->forward(features(d, val_rows, nz.mean, nz.sd));
      const auto prob = torch::softmax(metab, 1);
      for (std::size_t r = 0; r < val_rows.size(); ++r) {
        oof_logit[val_rows[r]] = logit[static_cast<int64_t>(r)].item<float>();
        for (int c = 0; c < kMetabolizerClasses; ++c)
          out.out_of_fold.p_class[val_rows[r] * kMetabolizerClasses + static_cast<std::size_t>(c)] =
              prob[static_cast<int64_t>(r)][c].item<float>();
      }
      if (progress) progress("fold " + std::to_string(k + 1) + "/" + std::to_string(cfg.folds) + ": best validation loss " +
                             std::to_string(best) + " at epoch " + std::to_string(best_epoch));
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
    for (int k = 0; k < p.folds; ++k) {
      Net net(static_cast<int64_t>(p.feature_names.size()), p.hidden, p.dropout);
      try {
        torch::load(net, dir + "/" + weight_file(k));
      } catch (const c10::Error& e) {
        throw ModelError(dir + "/" + weight_file(k) + ": cannot load the weights (" + std::string(e.what_without_backtrace()) + ")");
      }
      net->eval();
      auto [logit, metab] = net->forward(features(d, rows, p.fold_mean[static_cast<std::size_t>(k)], p.fold_sd[static_cast<std::size_t>(k)]));
      const auto prob = torch::sigmoid(logit / p.temperature);
      const auto cls = torch::softmax(metab, 1);
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

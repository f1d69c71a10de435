// Private: the multi-task network. A shared trunk (two ReLU layers with
// dropout) feeds the responder head (one logit), which also sees the inputs
// directly (a linear skip path). The metabolizer head (five logits) sees only
// the pharmacogenetic inputs (`pgx_mask`: the metabolizer:* features), through
// a small ReLU layer and a linear path: drug-metabolism class is a matter of
// the CYP genes, and the other inputs only let that head overfit.
#pragma once

#include <torch/torch.h>

namespace ketapgx::models {

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t inputs, int64_t hidden, double dropout, torch::Tensor pgx_mask)
      : mask(register_buffer("pgx_mask", pgx_mask)),
        fc1(register_module("fc1", torch::nn::Linear(inputs, hidden))),
        fc2(register_module("fc2", torch::nn::Linear(hidden, hidden))),
        drop(register_module("drop", torch::nn::Dropout(dropout))),
        responder(register_module("responder", torch::nn::Linear(hidden, 1))),
        metabolizer_hidden(register_module("metabolizer_hidden", torch::nn::Linear(inputs, 8))),
        metabolizer(register_module("metabolizer", torch::nn::Linear(8, 5))),
        responder_linear(register_module("responder_linear", torch::nn::Linear(torch::nn::LinearOptions(inputs, 1).bias(false)))),
        metabolizer_linear(register_module("metabolizer_linear", torch::nn::Linear(torch::nn::LinearOptions(inputs, 5).bias(false)))) {}

  // Returns (responder logits [n], metabolizer logits [n, 5]).
  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& x) {
    auto h = drop(torch::relu(fc1(x)));
    h = drop(torch::relu(fc2(h)));
    const auto xp = x * mask;
    return {(responder(h) + responder_linear(x)).squeeze(1),
            metabolizer(torch::relu(metabolizer_hidden(xp))) + metabolizer_linear(xp)};
  }

  torch::Tensor mask;
  torch::nn::Linear fc1, fc2;
  torch::nn::Dropout drop;
  torch::nn::Linear responder, metabolizer_hidden, metabolizer;
  torch::nn::Linear responder_linear, metabolizer_linear;
};
TORCH_MODULE(Net);

}  // namespace ketapgx::models

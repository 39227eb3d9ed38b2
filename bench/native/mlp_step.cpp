// The native twin of the managed MLP-step benchmark: the same training step written directly
// against libtorch, so the managed bridge's overhead can be read off as a ratio. Only the thread
// setting goes through the bridge's C ABI, so that both sides run on the same threads.
// Usage: hdc_bench_native WARMUP STEPS THREADS  -> prints the median step time in ms.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/csrc/autograd/autograd.h>

#include "hdc_torch.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  const int warmup = argc > 1 ? std::atoi(argv[1]) : 10;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 50;
  const int threads = argc > 3 ? std::atoi(argv[3]) : 1;
  // The bridge's own thread setting, so "threads" means what it means on the managed side: libtorch's OpenMP pool
  // and OpenBLAS's, which at::set_num_threads alone does not reach.
  if (hdc_set_num_threads(threads) != 0) {
    std::fprintf(stderr, "hdc_set_num_threads(%d): %s\n", threads, hdc_last_error());
    return 1;
  }
  at::manual_seed(0);
  auto opts = at::TensorOptions().dtype(at::kFloat);
  std::vector<at::Tensor> params = {
      (at::randn({1000, 784}, opts) * 0.03).requires_grad_(), at::zeros({1000}, opts).requires_grad_(),
      (at::randn({1000, 1000}, opts) * 0.03).requires_grad_(), at::zeros({1000}, opts).requires_grad_(),
      (at::randn({10, 1000}, opts) * 0.03).requires_grad_(),   at::zeros({10}, opts).requires_grad_()};
  const at::Tensor x = at::randn({128, 784}, opts);
  const at::Tensor y = at::randint(0, 10, {128}, at::TensorOptions().dtype(at::kLong));
  const double lr = 0.01;

  auto step = [&]() {
    at::Tensor h = at::relu(at::linear(x, params[0], params[1]));
    h = at::relu(at::linear(h, params[2], params[3]));
    at::Tensor loss = at::cross_entropy_loss(at::linear(h, params[4], params[5]), y);
    loss.backward();
    at::NoGradGuard guard;
    for (auto& p : params) {
      p.add_(p.grad(), -lr);
      p.mutable_grad() = at::Tensor();
    }
    return loss.item<double>();
  };

  for (int i = 0; i < warmup; i++) step();
  std::vector<double> ms;
  for (int i = 0; i < steps; i++) {
    const auto t0 = std::chrono::steady_clock::now();
    step();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%.6f\n", ms[ms.size() / 2]);
  return 0;
}

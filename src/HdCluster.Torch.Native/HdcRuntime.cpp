// Process-wide runtime: the last-error slot, seeding, threads, grad mode, CUDA queries.
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <dlfcn.h>
#include <mutex>

#include "Utils.h"

#if defined(HDC_WITH_CUDA)
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAGeneratorImpl.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAException.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

namespace {
// Thread-local so that concurrent worker threads never see each other's failures.
thread_local std::string last_error;
}  // namespace

void hdc::set_last_error(const char* message) { last_error = message ? message : "unknown error"; }
void hdc::clear_last_error() { last_error.clear(); }

extern "C" {

const char* hdc_last_error(void) { return last_error.c_str(); }

// Bumped whenever a signature changes, so a stale native build is refused at load time.
int hdc_abi_version(void) { return 4; }

void hdc_manual_seed(int64_t seed) { at::manual_seed(static_cast<uint64_t>(seed)); }

namespace {
// OpenBLAS (the pthread build Debian's libtorch uses through libblas) keeps a thread pool of its own that
// at::set_num_threads does not reach: without this, slots set to one thread each still multiply on every core.
// Found by name among the libraries already loaded; a BLAS without this entry point is left alone.
void set_blas_threads(int n) {
  for (const char* name : {"libopenblas.so.0", "libblas.so.3"}) {
    if (void* library = dlopen(name, RTLD_LAZY | RTLD_NOLOAD)) {
      auto set = reinterpret_cast<void (*)(int)>(dlsym(library, "openblas_set_num_threads"));
      dlclose(library);
      if (set != nullptr) {
        set(n);
        return;
      }
    }
  }
}
}  // namespace

int hdc_set_num_threads(int n) {
  HDC_STATUS({
    at::set_num_threads(n);
    set_blas_threads(n);
  })
}

int hdc_get_num_threads(void) { return at::get_num_threads(); }

int hdc_set_num_interop_threads(int n) { HDC_STATUS(at::set_num_interop_threads(n)) }

int hdc_cuda_is_available(void) {
  try {
    return at::hasCUDA() && at::detail::getCUDAHooks().getNumGPUs() > 0 ? 1 : 0;
  } catch (...) {
    return 0;
  }
}

int hdc_cuda_device_count(void) {
  try {
    return at::hasCUDA() ? static_cast<int>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
  } catch (...) {
    return 0;
  }
}

int hdc_cuda_synchronize(int device) {
#if defined(HDC_WITH_CUDA)
  HDC_STATUS({
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device));
    c10::cuda::device_synchronize();
  })
#else
  (void)device;
  hdc::set_last_error("this build of the HdCluster native bridge has no CUDA support");
  return -1;
#endif
}

int hdc_cuda_mem_get_info(int device, int64_t* free_bytes, int64_t* total_bytes) {
#if defined(HDC_WITH_CUDA)
  HDC_STATUS({
    c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(device));
    size_t free_memory = 0;
    size_t total_memory = 0;
    C10_CUDA_CHECK(cudaMemGetInfo(&free_memory, &total_memory));
    *free_bytes = static_cast<int64_t>(free_memory);
    *total_bytes = static_cast<int64_t>(total_memory);
  })
#else
  (void)device;
  (void)free_bytes;
  (void)total_bytes;
  hdc::set_last_error("this build of the HdCluster native bridge has no CUDA support");
  return -1;
#endif
}

int hdc_grad_mode_set(int enabled) {
  const bool previous = at::GradMode::is_enabled();
  at::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}

int hdc_grad_mode_enabled(void) { return at::GradMode::is_enabled() ? 1 : 0; }

hdc_generator hdc_generator_new(int64_t seed, int device_type, int device_index) {
  try {
    at::Generator g;
    if (device_type == 0) {
      g = at::detail::createCPUGenerator(static_cast<uint64_t>(seed));
    } else {
#if defined(HDC_WITH_CUDA)
      g = at::cuda::detail::createCUDAGenerator(static_cast<c10::DeviceIndex>(device_index));
      g.set_current_seed(static_cast<uint64_t>(seed));
#else
      (void)device_index;
      throw std::runtime_error("CUDA generator requested, but this build of the HdCluster native bridge has no CUDA support");
#endif
    }
    return new at::Generator(std::move(g));
  }
  HDC_CATCH(nullptr)
}

void hdc_generator_free(hdc_generator g) { delete static_cast<at::Generator*>(g); }

int hdc_generator_set_seed(hdc_generator g, int64_t seed) {
  HDC_STATUS({
    auto& gen = *static_cast<at::Generator*>(g);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(static_cast<uint64_t>(seed));
  })
}

}  // extern "C"

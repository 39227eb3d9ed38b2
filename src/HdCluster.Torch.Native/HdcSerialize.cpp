// Saving and loading named tensors. The file is PyTorch's own zip pickle format (a dict of
// name -> tensor), so a checkpoint also opens with torch.load in Python.
#include <torch/csrc/jit/serialization/pickle.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "Utils.h"

extern "C" {

int hdc_save(const hdc_tensor* ts, const char* const* names, int n, const char* path) {
  HDC_STATUS({
    c10::Dict<std::string, at::Tensor> dict;
    for (int i = 0; i < n; i++) dict.insert(names[i], hdc::T(ts[i]).detach().to(at::kCPU));
    const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) throw std::runtime_error(std::string("cannot open '") + path + "' for writing");
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    f.flush();
    if (!f) throw std::runtime_error(std::string("failed writing '") + path + "'");
  })
}

int hdc_load(const char* path, hdc_tensor* out, int capacity, char* names_buf, int64_t names_len) {
  try {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(std::string("cannot open '") + path + "' for reading");
    std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const c10::IValue value = torch::jit::pickle_load(bytes);
    if (!value.isGenericDict()) throw std::runtime_error(std::string("'") + path + "' does not hold a dictionary of tensors");
    const auto dict = value.toGenericDict();
    const int count = static_cast<int>(dict.size());
    int64_t need = 0;
    for (const auto& e : dict) need += static_cast<int64_t>(e.key().toStringRef().size()) + 1;
    if (count > capacity || need > names_len) {
      throw std::runtime_error(std::string("'") + path + "' holds " + std::to_string(count) + " tensors with " + std::to_string(need) + " bytes of names; the caller allowed " +
                               std::to_string(capacity) + " and " + std::to_string(names_len));
    }
    int i = 0;
    char* p = names_buf;
    for (const auto& e : dict) {
      const std::string& name = e.key().toStringRef();
      std::memcpy(p, name.c_str(), name.size() + 1);
      p += name.size() + 1;
      out[i++] = hdc::wrap(e.value().toTensor());
    }
    return count;
  }
  HDC_CATCH(-1)
}

}  // extern "C"

// Hands a large structure to the end of the process instead of freeing it,
// as clang's -disable-free does: a biobank's rows are millions of small
// allocations, and freeing them one by one took half a second after the last
// output was written, when the process was about to end anyway. The value
// stays reachable through a static pointer (leak checkers do not report it);
// a later call for the same type frees the earlier value.
#pragma once

#include <memory>
#include <utility>

namespace ketapgx {

template <typename T>
void keep_until_exit(T&& value) {
  using V = std::decay_t<T>;
  static auto* slot = new std::unique_ptr<V>();  // never destroyed, on purpose
  *slot = std::make_unique<V>(std::forward<T>(value));
}

}  // namespace ketapgx

// Overloaded: several lambdas as one visitor for std::visit.
#pragma once

namespace kit::detail {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace kit::detail

// The catalog as run-time data: names, descriptions and recipes, for --list, name lookup and
// error messages. (The GAN types themselves stay compile-time; see trainer.hpp.)
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog.hpp"

namespace lab {

struct CatalogItem {
  std::string_view name, about;
  Recipe recipe;
};

namespace detail {
template <class List>
struct catalog_items;
template <class... Entries>
struct catalog_items<gantk::TypeList<Entries...>> {
  static std::vector<CatalogItem> get() { return {CatalogItem{Entries::name, Entries::about, Entries::recipe}...}; }
};
}  // namespace detail

inline const std::vector<CatalogItem>& catalog_items() {
  static const std::vector<CatalogItem> items = detail::catalog_items<Catalog>::get();
  return items;
}

inline std::optional<std::size_t> find_entry(std::string_view name) {
  const auto& items = catalog_items();
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].name == name) return i;
  return std::nullopt;
}

inline std::string entry_names() {
  std::string out;
  for (const auto& item : catalog_items()) out += (out.empty() ? "" : ", ") + std::string(item.name);
  return out;
}

/// "3000 steps, batch 256, lr G 0.0001 D 0.0004, Adam β 0.5/0.9, n_critic 5" (unset learning
/// rates read "default"; the optimizer is named only where the recipe chooses it).
inline std::string describe(const Recipe& r) {
  const auto number = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", v);
    return std::string(b);
  };
  std::string s = std::to_string(r.steps) + " steps, batch " + std::to_string(r.batch);
  if (r.g_lr > 0 || r.d_lr > 0)
    s += ", lr G " + (r.g_lr > 0 ? number(r.g_lr) : "default") + " D " + (r.d_lr > 0 ? number(r.d_lr) : "default");
  else
    s += ", default learning rates";
  if (r.adam()) s += ", Adam β " + number(r.beta1) + "/" + number(r.beta2);
  if (r.n_critic > 0) s += ", n_critic " + std::to_string(r.n_critic);
  return s;
}

}  // namespace lab

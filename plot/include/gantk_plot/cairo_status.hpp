// Cairo reports failures as a sticky status on a surface or context rather than by return value;
// check_cairo turns a bad one into a gantk::Error that says what was being done and why it failed.
#pragma once

#include <string_view>

#include <cairo.h>

#include <gantk/foundation/error.hpp>

namespace gantk::plot {

/// @throws gantk::Error "<what>: Cairo: <status text>" unless status is CAIRO_STATUS_SUCCESS.
inline void check_cairo(cairo_status_t status, std::string_view what) {
  GANTK_CHECK(status == CAIRO_STATUS_SUCCESS, what, ": Cairo: ", cairo_status_to_string(status));
}

}  // namespace gantk::plot

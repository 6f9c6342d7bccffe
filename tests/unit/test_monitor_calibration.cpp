// The collapse monitor against the truth on sample sets built on purpose (the fast part of
// docs/monitor-calibration.md): every case of every data set, two seeds, must be read as its
// truth — the data as healthy, lost or starved modes as partial, and every shape of complete
// collapse (one mode, a point, a blob between modes, a blob off the data, a wide smear) as complete
// (on the 5 × 5 grid a wide smear reads partial: the known exception, never healthy).
#include <doctest/doctest.h>

#include <iostream>

#include "../../examples/lab/calibration.hpp"

using namespace gantk;
using metrics::CollapseState;

TEST_CASE("collapse monitor: every synthetic calibration case reads as its truth") {
  for (const char* data : {"ring", "grid", "ring12", "mix10d", "highdim"}) {
    for (std::uint64_t seed : {101u, 102u}) {
      const auto cases = lab::calibration::synthetic_cases(data, 512, seed);
      const auto& mix = cases.front().mixture;
      Rng rng(seed, 0x72);
      const metrics::CollapseReference reference(mix.draw<double>(512, rng));
      for (const auto& c : cases) {
        const auto a = metrics::assess_collapse(reference, c.fake);
        INFO(data, " seed ", seed, ": ", c.kind, ": ", a.reason);
        if (std::getenv("GANTK_PRINT_CALIBRATION"))
          std::cout << data << ' ' << seed << " | " << c.kind << " | truth " << metrics::to_string(c.truth)
                    << " | read " << metrics::to_string(a.state) << " | bins " << a.statistics.bins << " | "
                    << a.reason << '\n';
        if (c.truth == CollapseState::CompleteCollapse) CHECK(a.state != CollapseState::Healthy);
        // the one case the monitor may read otherwise: a wide smear over the 5 × 5 grid puts a
        // quarter of each central mode's share, a little of it on the data, in most central modes;
        // it reads partial in most seeds, complete in some (docs/monitor-calibration.md), never healthy
        if (std::string(data) != "grid" || c.kind != "wide smear") CHECK(a.state == c.truth);
      }
    }
  }
}

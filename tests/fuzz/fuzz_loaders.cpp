// The bounded fuzz run of every loader, part of the test command: a fixed number of seeded
// mutations of valid inputs, each run through the loader's check. Built with ASan and UBSan, so a
// memory error or undefined behaviour aborts the run. Exit status 0 only when every input either
// loaded consistently or was refused with gantk::Error.
//
//   gantk_fuzz_loaders [--inputs N] [--seed S] [--file-every K] [--write-seeds DIR]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include "checkpoint_fuzz_target.hpp"
#include "idx_fuzz_target.hpp"
#include "mutator.hpp"
#include "npy_fuzz_target.hpp"
#include "png_fuzz_target.hpp"

namespace {

using gantk::fuzz::FuzzTarget;

// Every loader's target. INTEGRATION(idx, png): its loader adds itself here.
std::vector<FuzzTarget> targets() {
  return {gantk::fuzz::npy_fuzz_target(), gantk::fuzz::checkpoint_fuzz_target(), gantk::fuzz::idx_fuzz_target(),
          gantk::fuzz::png_fuzz_target()};
}

// "load_npy: <fuzz>: invalid header: the shape ... '123' ..." -> "invalid header: the shape ...":
// the message up to its first number or quote, to count rejections by kind.
std::string kind_of(const std::string& message) {
  std::size_t start = message.find(": ");
  start = start == std::string::npos ? 0 : message.find(": ", start + 2);
  start = start == std::string::npos ? 0 : start + 2;
  std::string kind;
  for (std::size_t i = start; i < message.size() && kind.size() < 60; ++i) {
    const char c = message[i];
    if ((c >= '0' && c <= '9') || c == '\'' || c == '(') break;
    kind += c;
  }
  return kind;
}

struct Counts {
  std::uint64_t inputs = 0, loaded = 0, rejected = 0, through_files = 0, findings = 0;
  std::map<std::string, std::uint64_t> kinds;
};

void report_finding(const FuzzTarget& t, std::uint64_t index, const std::string& input, const std::string& what) {
  std::cerr << "FINDING in " << t.name << " input " << index << " (" << input.size() << " bytes): " << what << '\n';
  const std::string keep = "fuzz-finding-" + t.name + "-" + std::to_string(index) + ".bin";
  std::ofstream(keep, std::ios::binary).write(input.data(), static_cast<std::streamsize>(input.size()));
  std::cerr << "  input kept in " << keep << '\n';
}

Counts run(const FuzzTarget& t, std::uint64_t inputs, std::uint64_t seed, std::uint64_t file_every) {
  Counts c;
  gantk::fuzz::Mutator mutator(seed);
  auto& rng = mutator.rng();
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("gantk_fuzz_" + t.name + "_" + std::to_string(seed) + "_" + std::to_string(::getpid()) + ".bin"))
          .string();
  std::vector<std::string> recent(64);  // earlier mutants, so that mutations can stack up
  for (std::uint64_t i = 0; i < inputs; ++i) {
    const std::string& other = t.seeds[rng.below(t.seeds.size())];
    const std::string& recent_one = recent[rng.below(recent.size())];
    const bool from_recent = !recent_one.empty() && rng.below(10) < 3;
    const std::string input =
        i < t.seeds.size() ? t.seeds[i] : mutator.mutate(from_recent ? recent_one : t.seeds[rng.below(t.seeds.size())], other);
    recent[i % recent.size()] = input.size() < 100000 ? input : std::string();
    ++c.inputs;
    const bool via_file = t.check_file && file_every > 0 && i % file_every == 0;
    try {
      if (via_file) {
        ++c.through_files;
        t.check_file(path, input);
      } else {
        t.check(input);
      }
      ++c.loaded;
    } catch (const gantk::Error& e) {
      ++c.rejected;
      ++c.kinds[kind_of(e.what())];
      if (i < t.seeds.size()) {
        report_finding(t, i, input, std::string("a seed was rejected: ") + e.what());
        ++c.findings;
      }
    } catch (const std::exception& e) {  // FuzzFinding, bad_alloc, length_error, ...
      report_finding(t, i, input, e.what());
      ++c.findings;
    }
  }
  std::filesystem::remove(path);
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t inputs = 100000, seed = 1, file_every = 16;
  std::string seeds_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--inputs" && has_value) {
      inputs = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seed" && has_value) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--file-every" && has_value) {
      file_every = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--write-seeds" && has_value) {
      seeds_dir = argv[++i];
    } else {
      std::cerr << "usage: gantk_fuzz_loaders [--inputs N] [--seed S] [--file-every K] [--write-seeds DIR]\n";
      return 2;
    }
  }
  if (!seeds_dir.empty()) {  // a starting corpus for the libFuzzer targets
    for (const auto& t : targets()) {
      const auto dir = std::filesystem::path(seeds_dir) / t.name;
      std::filesystem::create_directories(dir);
      for (std::size_t k = 0; k < t.seeds.size(); ++k)
        std::ofstream(dir / ("seed-" + std::to_string(k)), std::ios::binary)
            .write(t.seeds[k].data(), static_cast<std::streamsize>(t.seeds[k].size()));
      std::cout << t.seeds.size() << " seeds of " << t.name << " written to " << dir.string() << '\n';
    }
    return 0;
  }
  std::uint64_t findings = 0;
  for (const auto& t : targets()) {
    const auto start = std::chrono::steady_clock::now();
    const Counts c = run(t, inputs, seed, file_every);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %llu inputs (seed %llu, %llu through files) in %.1f s: %llu loaded, %llu rejected with gantk::Error, "
                "%llu findings\n",
                t.name.c_str(), static_cast<unsigned long long>(c.inputs), static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(c.through_files), s, static_cast<unsigned long long>(c.loaded),
                static_cast<unsigned long long>(c.rejected), static_cast<unsigned long long>(c.findings));
    std::vector<std::pair<std::uint64_t, std::string>> kinds;
    for (const auto& [k, n] : c.kinds) kinds.emplace_back(n, k);
    std::sort(kinds.rbegin(), kinds.rend());
    for (std::size_t k = 0; k < kinds.size() && k < 12; ++k)
      std::printf("  %8llu  %s\n", static_cast<unsigned long long>(kinds[k].first), kinds[k].second.c_str());
    if (kinds.size() > 12) std::printf("  (%zu kinds of rejection in all)\n", kinds.size());
    findings += c.findings;
    // a run that rejects everything, or loads everything, exercises too little to mean anything
    if (c.loaded < c.inputs / 100 || c.rejected < c.inputs / 100) {
      std::printf("%s: too few inputs loaded or rejected for the run to mean anything\n", t.name.c_str());
      ++findings;
    }
  }
  return findings == 0 ? 0 : 1;
}

// The declared hook set: near-miss names are detected, and D-input transforms run by stage.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <gantk/gantk.hpp>

using namespace gantk;

namespace {
std::vector<std::string> calls;  // (stage, phase) of every on_d_inputs call, in order

struct Chooser : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Select;
  template <class Step>
  void on_d_inputs(Step& step) {
    calls.push_back(step.phase() == Phase::Discriminator ? "select/D" : "select/G");
  }
};
struct Perturber : Strategy {
  static constexpr DInputStage d_input_stage = DInputStage::Perturb;
  template <class Step>
  void on_d_inputs(Step& step) {
    calls.push_back(step.phase() == Phase::Discriminator ? "perturb/D" : "perturb/G");
  }
};

struct MisspeltHook : Strategy {
  template <class Step>
  void after_g_updates(Step&) {}
};
struct DataNamedLikeHook : Strategy {
  int before_d_step = 0;
};
}  // namespace

TEST_CASE("hook-shaped members are found whatever they are: member templates, data, functions") {
  static_assert(detail::has_member_after_g_updates<MisspeltHook>);
  static_assert(detail::has_member_before_d_step<DataNamedLikeHook>);
  static_assert(!detail::has_member_after_g_updates<Chooser>);
  static_assert(detail::has_member_on_d_inputs<Chooser>);
  // the real hooks are in the set the near-miss check excludes
  static_assert(detail::is_hook_name("after_d_update") && detail::is_hook_name("on_d_inputs"));
  static_assert(!detail::is_hook_name("after_g_update") && !detail::is_hook_name("before_g_step"));
  // every library strategy passes the check (a failure would not compile)
  static_assert(detail::hooks_declared<ExperienceReplay>() && detail::hooks_declared<InstanceNoise>() &&
                detail::hooks_declared<GeneratorNoise>() && detail::hooks_declared<UnrolledD<5>>() &&
                detail::hooks_declared<FeatureMatching>() && detail::hooks_declared<LabelSmoothing>());
}

TEST_CASE("D-input transforms run by declared stage, not by the order they are listed in") {
  static_assert(ExperienceReplay::d_input_stage == DInputStage::Select);
  static_assert(InstanceNoise::d_input_stage == DInputStage::Perturb);
  static_assert(GeneratorNoise::d_input_stage == DInputStage::Perturb);
  calls.clear();
  GAN<MLP<Latent<2>, Data<2>, Hidden<8>>, NonSaturatingLoss, Perturber, Chooser> gan{{.seed = 1, .n_critic = 2}};
  gan.train_step(data::Ring{}.dataset(), 16);
  const std::vector<std::string> expected{"select/D", "perturb/D", "select/D", "perturb/D", "select/G", "perturb/G"};
  CHECK(calls == expected);
}

// One small trajectory with Boost.Odeint: the side-by-side reference of the benchmark report's "one trajectory"
// section (bench/README.md). Each case is one solve of a hand-written system over std::array state (on the stack),
// as a user would write it:
//   dopri5: integrate_times(make_controlled(atol, rtol, runge_kutta_dopri5), ...) over the save times {t0, t1}, so
//           the stepper lands exactly on t1 (the OdeKernels solve steps onto its save times the same way);
//   rk4:    integrate_n_steps(runge_kutta4, ...): round((t1 - t0) / dt) fixed steps of dt from t0;
//   the "empty" cases take one step (t1 = t0 + dt) and show the per-call overhead.
// Usage: odeint_reference <case> <milliseconds per sample> <samples>
//   case: lv-dopri5 | lv-rk4 | vdp-dopri5 | vdp-rk4 | lorenz-dopri5 | lorenz-rk4 | empty-dopri5 | empty-rk4 | all
// Output, one line per case: "<case> median_ns=<..> best_ns=<..> steps=<..> evaluations=<..> y=<final state> boost=<version>"
// (steps and evaluations are counted in a separate, untimed run).
#include <array>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <boost/numeric/odeint.hpp>
#include <boost/version.hpp>

using namespace boost::numeric::odeint;

static long g_evaluations = 0;

template <bool Count> struct LotkaVolterra {
    void operator()(const std::array<double, 2>& y, std::array<double, 2>& dydt, double) const {
        if (Count) ++g_evaluations;
        dydt[0] = 1.5 * y[0] - y[0] * y[1];
        dydt[1] = -3.0 * y[1] + y[0] * y[1];
    }
};

template <bool Count> struct VanDerPol {
    void operator()(const std::array<double, 2>& y, std::array<double, 2>& dydt, double) const {
        if (Count) ++g_evaluations;
        dydt[0] = y[1];
        dydt[1] = 1.0 * (1.0 - y[0] * y[0]) * y[1] - y[0];
    }
};

template <bool Count> struct Lorenz {
    void operator()(const std::array<double, 3>& y, std::array<double, 3>& dydt, double) const {
        if (Count) ++g_evaluations;
        dydt[0] = 10.0 * (y[1] - y[0]);
        dydt[1] = y[0] * (28.0 - y[2]) - y[1];
        dydt[2] = y[0] * y[1] - (8.0 / 3.0) * y[2];
    }
};

struct Result { std::size_t steps; std::string state; };

template <class State>
static std::string Show(const State& y) {
    std::string s;
    for (double v : y) { char b[40]; std::snprintf(b, sizeof b, "%s%.17g", s.empty() ? "" : ",", v); s += b; }
    return s;
}

// Both return the number of steps and leave the final state in y.
template <class State, class System>
static std::size_t Dopri5(System system, State& y, double t0, double t1, double dt0) {
    using Stepper = runge_kutta_dopri5<State>;
    std::array<double, 2> times = {t0, t1};
    return integrate_times(make_controlled(1e-8, 1e-6, Stepper()), system, y, times.begin(), times.end(), dt0, [](const State&, double) {});
}

template <class State, class System>
static std::size_t Rk4(System system, State& y, double t0, double t1, double dt) {
    // Exactly round((t1 - t0) / dt) steps (integrate_const may stop one step short of t1 in floating point).
    std::size_t n = static_cast<std::size_t>((t1 - t0) / dt + 0.5);
    integrate_n_steps(runge_kutta4<State>(), system, y, t0, dt, n);
    return n;
}

template <class Solve>
static void Measure(const char* name, Solve solve, Result counted, long evaluations, double ms, int samples) {
    // Warm up, then size one sample to about `ms` milliseconds of repeated solves.
    auto clock = [] { return std::chrono::steady_clock::now(); };
    int inner = 1;
    for (;;) {
        auto start = clock();
        for (int i = 0; i < inner; i++) solve();
        double elapsed = std::chrono::duration<double, std::milli>(clock() - start).count();
        if (elapsed >= ms || inner > (1 << 26)) break;
        inner *= 2;
    }
    std::vector<double> ns;
    for (int s = 0; s < samples; s++) {
        auto start = clock();
        for (int i = 0; i < inner; i++) solve();
        ns.push_back(std::chrono::duration<double, std::nano>(clock() - start).count() / inner);
    }
    std::sort(ns.begin(), ns.end());
    std::printf("%s median_ns=%.1f best_ns=%.1f steps=%zu evaluations=%ld y=%s boost=%s\n", name, ns[ns.size() / 2], ns[0], counted.steps, evaluations, counted.state.c_str(), BOOST_LIB_VERSION);
    std::fflush(stdout);
}

template <class Solve, class CountedSolve>
static void Case(const std::string& which, const char* name, Solve solve, CountedSolve counted, double ms, int samples) {
    if (which != "all" && which != name) return;
    g_evaluations = 0;
    Result r = counted();
    long evaluations = g_evaluations;
    Measure(name, solve, r, evaluations, ms, samples);
}

// The solve's result is consumed so the compiler cannot drop the work.
static volatile double g_sink;

#define CASE(NAME, METHOD, SYSTEM, STATE, Y0, T1, DT)                                                      \
    Case(which, NAME,                                                                                       \
         [&] { STATE y = Y0; g_sink = METHOD<STATE>(SYSTEM<false>(), y, 0.0, T1, DT) + y[0]; },            \
         [&] { STATE y = Y0; std::size_t steps = METHOD<STATE>(SYSTEM<true>(), y, 0.0, T1, DT); return Result{steps, Show(y)}; }, \
         ms, samples)

int main(int argc, char** argv) {
    std::string which = argc > 1 ? argv[1] : "all";
    double ms = argc > 2 ? std::atof(argv[2]) : 20.0;
    int samples = argc > 3 ? std::atoi(argv[3]) : 15;
    using S2 = std::array<double, 2>;
    using S3 = std::array<double, 3>;
    const S2 lv0 = {1.0, 1.0}, vdp0 = {2.0, 0.0};
    const S3 lorenz0 = {1.0, 1.0, 1.0};

    // Dopri5's first trial step is 0.01 (Boost.Odeint has no starting-step algorithm; the controller adapts it).
    CASE("lv-dopri5", Dopri5, LotkaVolterra, S2, lv0, 10.0, 0.01);
    CASE("lv-rk4", Rk4, LotkaVolterra, S2, lv0, 10.0, 0.01);
    CASE("vdp-dopri5", Dopri5, VanDerPol, S2, vdp0, 20.0, 0.01);
    CASE("vdp-rk4", Rk4, VanDerPol, S2, vdp0, 20.0, 0.01);
    CASE("lorenz-dopri5", Dopri5, Lorenz, S3, lorenz0, 10.0, 0.01);
    CASE("lorenz-rk4", Rk4, Lorenz, S3, lorenz0, 10.0, 0.01);
    CASE("empty-dopri5", Dopri5, LotkaVolterra, S2, lv0, 0.01, 0.01);
    CASE("empty-rk4", Rk4, LotkaVolterra, S2, lv0, 0.01, 0.01);
    return 0;
}

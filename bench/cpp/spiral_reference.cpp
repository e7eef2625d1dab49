// OdeKernels' own C++ baseline: the spiral network f(u) = W2 tanh(W1 u³ + b1) + b2 (2 → H → 2, float32) solved with
// fixed-step RK4 and Tsit5 over a batch of lanes, written by hand the way a performance engineer would: a block of
// BLOCK lanes is loaded into local arrays (registers / L1) and kept there for the WHOLE trajectory, every stage is
// fused with the network evaluation (no stage streams through memory), and only the final state is written back.
// This is the yardstick of issue #12 ("native speed per core"): the generated C# kernels should reach it.
//
// Build (what the benchmark report does, into a temporary folder):
//   g++ -O3 -march=native -ffast-math -fopenmp-simd -DSPIRAL_HIDDEN=50 -o spiral_reference spiral_reference.cpp
// Run:
//   ./spiral_reference [lanes=4096] [steps=100] [repeats=20] [dt=0.01]
// Prints one line per method, in the format the report parses (bench/OdeKernels.Benchmarks/Baselines/CppReference.cs):
//   <method> lanes=<n> steps=<n> evals_per_step=<n> best_s=<s> lane_steps_per_s=<r> checksum=<sum of final states>
//
// Same work as the C# benchmarks (bench/OdeKernels.Benchmarks/Workloads/SpiralWorkload.cs): the same initial states
// (x = 2(l mod 97)/97 − 1, y = 1 − 2(l mod 89)/89), fixed steps of dt from t = 0, the same shapes and PyTorch's
// initialisation scales (±1/√fan_in); its own random weights, so only the work, not the numbers, is the same.
// tanhf vectorises through glibc's libmvec (-ffast-math -fopenmp-simd); single-threaded.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#ifndef SPIRAL_HIDDEN
#define SPIRAL_HIDDEN 50
#endif

// Lanes per block: 32 floats are four AVX2 vectors or two AVX-512 vectors per quantity, enough independent tanh
// evaluations in flight to hide their latency (16 and 64 measured the same within noise on the project's AVX-512
// machine, 8 was 2× slower). The stage arrays of one block (Tsit5: 7 stages × 2 components × 32 lanes, 1.8 KB) stay
// in L1 for the whole trajectory.
#ifndef SPIRAL_BLOCK
#define SPIRAL_BLOCK 32
#endif

namespace {

constexpr int H = SPIRAL_HIDDEN;
constexpr int B = SPIRAL_BLOCK;

// The network's parameters, drawn from a fixed xorshift stream (reproducible across compilers and C libraries).
struct Network {
  float w1x[H], w1y[H], b1[H], w2x[H], w2y[H], b2x, b2y;

  explicit Network(uint32_t seed) {
    uint32_t s = seed ? seed : 1u;
    auto uniform = [&s](float scale) {
      s ^= s << 13; s ^= s >> 17; s ^= s << 5;
      return scale * (2.0f * static_cast<float>(s >> 8) / static_cast<float>(1u << 24) - 1.0f);
    };
    const float first = 1.0f / std::sqrt(2.0f), second = 1.0f / std::sqrt(static_cast<float>(H));
    for (int j = 0; j < H; j++) { w1x[j] = uniform(first); w1y[j] = uniform(first); b1[j] = uniform(first); }
    for (int j = 0; j < H; j++) { w2x[j] = uniform(second); w2y[j] = uniform(second); }
    b2x = uniform(second); b2y = uniform(second);
  }
};

// f at the block's stage point (px, py) into (kx, ky): hidden units outer, lanes inner, so each weight is broadcast
// once per block and the lane loop is one or two vectors wide.
inline void evaluate(const Network& net, const float* __restrict px, const float* __restrict py,
                     float* __restrict kx, float* __restrict ky) {
  float cx[B], cy[B], ax[B], ay[B];
#pragma omp simd
  for (int l = 0; l < B; l++) {
    cx[l] = px[l] * px[l] * px[l];
    cy[l] = py[l] * py[l] * py[l];
    ax[l] = net.b2x;
    ay[l] = net.b2y;
  }
  for (int j = 0; j < H; j++) {
    const float a = net.w1x[j], b = net.w1y[j], c = net.b1[j], v = net.w2x[j], w = net.w2y[j];
#pragma omp simd
    for (int l = 0; l < B; l++) {
      const float h = tanhf(a * cx[l] + b * cy[l] + c);
      ax[l] += v * h;
      ay[l] += w * h;
    }
  }
#pragma omp simd
  for (int l = 0; l < B; l++) { kx[l] = ax[l]; ky[l] = ay[l]; }
}

// Classic RK4 on one block for the whole trajectory: the weighted sum of the stages accumulates as they are made.
void rk4_block(const Network& net, float* ux, float* uy, int steps, float dt) {
  float kx[B], ky[B], sx[B], sy[B], accx[B], accy[B];
  const float half = 0.5f * dt, sixth = dt / 6.0f;
  for (int s = 0; s < steps; s++) {
    evaluate(net, ux, uy, kx, ky);
#pragma omp simd
    for (int l = 0; l < B; l++) { accx[l] = kx[l]; accy[l] = ky[l]; sx[l] = ux[l] + half * kx[l]; sy[l] = uy[l] + half * ky[l]; }
    evaluate(net, sx, sy, kx, ky);
#pragma omp simd
    for (int l = 0; l < B; l++) { accx[l] += 2.0f * kx[l]; accy[l] += 2.0f * ky[l]; sx[l] = ux[l] + half * kx[l]; sy[l] = uy[l] + half * ky[l]; }
    evaluate(net, sx, sy, kx, ky);
#pragma omp simd
    for (int l = 0; l < B; l++) { accx[l] += 2.0f * kx[l]; accy[l] += 2.0f * ky[l]; sx[l] = ux[l] + dt * kx[l]; sy[l] = uy[l] + dt * ky[l]; }
    evaluate(net, sx, sy, kx, ky);
#pragma omp simd
    for (int l = 0; l < B; l++) { ux[l] += sixth * (accx[l] + kx[l]); uy[l] += sixth * (accy[l] + ky[l]); }
  }
}

// Tsitouras' 5(4) pair (Ch. Tsitouras, "Runge–Kutta pairs of order 5(4) satisfying only the first column simplifying
// assumption", Comput. Math. Appl. 62 (2011) 770–775, Table 1): the stage coefficients a_ij; the last row is the
// solution's weights b (first-same-as-last: the 7th stage is f at the new solution and the next step's 1st stage).
// No error estimate: fixed steps, as the C# benchmarks.
constexpr float A[6][6] = {
    {0.161f},
    {-0.008480655492356989f, 0.335480655492357f},
    {2.897153057105493f, -6.359448489975075f, 4.3622954328695815f},
    {5.325864828439257f, -11.748883564062828f, 7.4955393428898365f, -0.09249506636175525f},
    {5.86145544294642f, -12.92096931784711f, 8.159367898576159f, -0.071584973281401f, -0.028269050394068383f},
    {0.09646076681806523f, 0.01f, 0.4798896504144996f, 1.379008574103742f, -3.290069515436081f, 2.324710524099774f}};

void tsit5_block(const Network& net, float* ux, float* uy, int steps, float dt) {
  float kx[7][B], ky[7][B], sx[B], sy[B];
  evaluate(net, ux, uy, kx[0], ky[0]);
  for (int s = 0; s < steps; s++) {
    for (int i = 0; i < 6; i++) {
#pragma omp simd
      for (int l = 0; l < B; l++) {
        float dx = 0.0f, dy = 0.0f;
        for (int j = 0; j <= i; j++) { dx += A[i][j] * kx[j][l]; dy += A[i][j] * ky[j][l]; }
        sx[l] = ux[l] + dt * dx;
        sy[l] = uy[l] + dt * dy;
      }
      if (i == 5) {
#pragma omp simd
        for (int l = 0; l < B; l++) { ux[l] = sx[l]; uy[l] = sy[l]; }
      }
      evaluate(net, sx, sy, kx[i + 1], ky[i + 1]);
    }
#pragma omp simd
    for (int l = 0; l < B; l++) { kx[0][l] = kx[6][l]; ky[0][l] = ky[6][l]; }
  }
}

using BlockSolver = void (*)(const Network&, float*, float*, int, float);

// Runs every block of lanes through the whole trajectory; a last partial block is padded with copies of lane 0.
void solve(BlockSolver block, const Network& net, std::vector<float>& x, std::vector<float>& y, int steps, float dt) {
  const int n = static_cast<int>(x.size());
  for (int l0 = 0; l0 < n; l0 += B) {
    const int m = n - l0 < B ? n - l0 : B;
    alignas(64) float ux[B], uy[B];
    for (int l = 0; l < B; l++) { ux[l] = x[l0 + (l < m ? l : 0)]; uy[l] = y[l0 + (l < m ? l : 0)]; }
    block(net, ux, uy, steps, dt);
    for (int l = 0; l < m; l++) { x[l0 + l] = ux[l]; y[l0 + l] = uy[l]; }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int lanes = argc > 1 ? std::atoi(argv[1]) : 4096;
  const int steps = argc > 2 ? std::atoi(argv[2]) : 100;
  const int repeats = argc > 3 ? std::atoi(argv[3]) : 20;
  const float dt = argc > 4 ? static_cast<float>(std::atof(argv[4])) : 0.01f;
  if (lanes < 1 || steps < 1 || repeats < 1) {
    std::fprintf(stderr, "usage: %s [lanes >= 1] [steps >= 1] [repeats >= 1] [dt]\n", argv[0]);
    return 2;
  }

  const Network net(1);
  struct Method { const char* name; int evaluations; BlockSolver block; };
  const Method methods[] = {{"rk4", 4, rk4_block}, {"tsit5", 6, tsit5_block}};
  std::vector<float> x(lanes), y(lanes);
  for (const Method& m : methods) {
    double best = 1e300, checksum = 0;
    for (int r = 0; r < repeats; r++) {
      for (int l = 0; l < lanes; l++) { x[l] = 2.0f * (l % 97) / 97 - 1; y[l] = 1.0f - 2.0f * (l % 89) / 89; }
      const auto start = std::chrono::steady_clock::now();
      solve(m.block, net, x, y, steps, dt);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      best = seconds < best ? seconds : best;
      checksum = 0;
      for (int l = 0; l < lanes; l++) checksum += static_cast<double>(x[l]) + y[l];
    }
    std::printf("%s lanes=%d steps=%d evals_per_step=%d best_s=%.6f lane_steps_per_s=%.4g checksum=%.6f\n", m.name, lanes,
                steps, m.evaluations, best, static_cast<double>(lanes) * steps / best, checksum);
  }
  return 0;
}

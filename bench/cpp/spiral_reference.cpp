// OdeKernels' own C++ baseline: the spiral network f(u) = W2 tanh(W1 u³ + b1) + b2 (2 → H → 2, float32), or with
// -DDEEP_MLP the 16 → 64 → 64 → 16 network of issue #12 (tanh, tanh, linear), solved with fixed-step RK4 and Tsit5
// over a batch of lanes, written by hand the way a performance engineer would: a block of BLOCK lanes is loaded into
// local arrays (registers / L1) and kept there for the WHOLE trajectory, every stage is fused with the network
// evaluation (no stage streams through memory), and only the final state is written back.
// This is the yardstick of issue #12 ("native speed per core"): the generated C# kernels should reach it.
//
// Build (what the benchmark report does, into a temporary folder):
//   g++ -O3 -march=native -ffast-math -fopenmp-simd -DSPIRAL_HIDDEN=50 -o spiral_reference spiral_reference.cpp
// Run:
//   ./spiral_reference [lanes=4096] [steps=100] [repeats=20] [dt=0.01]
// Prints one line per method, in the format the report parses (bench/OdeKernels.Benchmarks/Baselines/CppReference.cs):
//   <method> lanes=<n> steps=<n> evals_per_step=<n> best_s=<s> lane_steps_per_s=<r> checksum=<sum> network=<name>-h<width>
//
// Same work as the C# benchmarks (bench/OdeKernels.Benchmarks/Workloads/SpiralWorkload.cs): the same initial states
// (x = 2(l mod 97)/97 − 1, y = 1 − 2(l mod 89)/89; the deep network's component i: (2((l + 13i) mod 97)/97 − 1)/2),
// fixed steps of dt from t = 0, the same shapes and PyTorch's initialisation scales (±1/√fan_in); its own random
// weights, so only the work, not the numbers, is the same.
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

constexpr int B = SPIRAL_BLOCK;

// A reproducible uniform stream (xorshift32), the same for every compiler and C library.
struct Uniform {
  uint32_t s;
  explicit Uniform(uint32_t seed) : s(seed ? seed : 1u) {}
  float operator()(float scale) {
    s ^= s << 13; s ^= s >> 17; s ^= s << 5;
    return scale * (2.0f * static_cast<float>(s >> 8) / static_cast<float>(1u << 24) - 1.0f);
  }
};

// A dense layer over a block: out[j][l] = act(b[j] + Σ_i w[j][i] in[i][l]). Outputs outer, inputs next, lanes inner:
// each weight is broadcast once per block and the lane loop is a few vectors wide.
template <int In, int Out, bool Tanh>
inline void dense(const float (&w)[Out][In], const float (&b)[Out], const float (*__restrict in)[B], float (*__restrict out)[B]) {
  for (int j = 0; j < Out; j++) {
    float acc[B];
#pragma omp simd
    for (int l = 0; l < B; l++) acc[l] = b[j];
    for (int i = 0; i < In; i++) {
      const float wji = w[j][i];
#pragma omp simd
      for (int l = 0; l < B; l++) acc[l] += wji * in[i][l];
    }
#pragma omp simd
    for (int l = 0; l < B; l++) out[j][l] = Tanh ? tanhf(acc[l]) : acc[l];
  }
}

// The spiral network 2 → H → 2 with u³ in front (Chen et al. 2018), PyTorch's initialisation scales (±1/√fan_in).
struct Spiral {
  static constexpr int N = 2;
  static constexpr int H = SPIRAL_HIDDEN;
  static constexpr const char* Name = "spiral";
  static constexpr int Width = H;
  float w1x[H], w1y[H], b1[H], w2x[H], w2y[H], b2x, b2y;

  explicit Spiral(uint32_t seed) {
    Uniform u(seed);
    const float first = 1.0f / std::sqrt(2.0f), second = 1.0f / std::sqrt(static_cast<float>(H));
    for (int j = 0; j < H; j++) { w1x[j] = u(first); w1y[j] = u(first); b1[j] = u(first); }
    for (int j = 0; j < H; j++) { w2x[j] = u(second); w2y[j] = u(second); }
    b2x = u(second); b2y = u(second);
  }

  static float initial(int component, int lane) {
    return component == 0 ? 2.0f * (lane % 97) / 97 - 1 : 1.0f - 2.0f * (lane % 89) / 89;
  }

  // Hidden units outer, lanes inner; the two outputs accumulate as each unit is made, so no hidden layer is stored.
  void evaluate(const float (*__restrict y)[B], float (*__restrict k)[B]) const {
    float cx[B], cy[B], ax[B], ay[B];
#pragma omp simd
    for (int l = 0; l < B; l++) {
      cx[l] = y[0][l] * y[0][l] * y[0][l];
      cy[l] = y[1][l] * y[1][l] * y[1][l];
      ax[l] = b2x;
      ay[l] = b2y;
    }
    for (int j = 0; j < H; j++) {
      const float a = w1x[j], b = w1y[j], c = b1[j], v = w2x[j], w = w2y[j];
#pragma omp simd
      for (int l = 0; l < B; l++) {
        const float h = tanhf(a * cx[l] + b * cy[l] + c);
        ax[l] += v * h;
        ay[l] += w * h;
      }
    }
#pragma omp simd
    for (int l = 0; l < B; l++) { k[0][l] = ax[l]; k[1][l] = ay[l]; }
  }
};

// The 16 → 64 → 64 → 16 network of issue #12: Dense(64, tanh), Dense(64, tanh), Dense(16).
struct DeepMlp {
  static constexpr int N = 16, H = 64;
  static constexpr const char* Name = "mlp16-64-64-16";
  static constexpr int Width = H;
  float w1[H][N], b1[H], w2[H][H], b2[H], w3[N][H], b3[N];

  explicit DeepMlp(uint32_t seed) {
    Uniform u(seed);
    const float first = 1.0f / std::sqrt(static_cast<float>(N)), next = 1.0f / std::sqrt(static_cast<float>(H));
    for (int j = 0; j < H; j++) { for (int i = 0; i < N; i++) w1[j][i] = u(first); b1[j] = u(first); }
    for (int j = 0; j < H; j++) { for (int i = 0; i < H; i++) w2[j][i] = u(next); b2[j] = u(next); }
    for (int j = 0; j < N; j++) { for (int i = 0; i < H; i++) w3[j][i] = u(next); b3[j] = u(next); }
  }

  static float initial(int component, int lane) { return 0.5f * (2.0f * ((lane + 13 * component) % 97) / 97 - 1); }

  void evaluate(const float (*__restrict y)[B], float (*__restrict k)[B]) const {
    float h1[H][B], h2[H][B];
    dense<N, H, true>(w1, b1, y, h1);
    dense<H, H, true>(w2, b2, h1, h2);
    dense<H, N, false>(w3, b3, h2, k);
  }
};

#ifdef DEEP_MLP
using Network = DeepMlp;
#else
using Network = Spiral;
#endif

constexpr int N = Network::N;

// Classic RK4 on one block for the whole trajectory: the weighted sum of the stages accumulates as they are made.
void rk4_block(const Network& net, float (*u)[B], int steps, float dt) {
  float k[N][B], s[N][B], acc[N][B];
  const float half = 0.5f * dt, sixth = dt / 6.0f;
  for (int step = 0; step < steps; step++) {
    net.evaluate(u, k);
    for (int i = 0; i < N; i++) {
#pragma omp simd
      for (int l = 0; l < B; l++) { acc[i][l] = k[i][l]; s[i][l] = u[i][l] + half * k[i][l]; }
    }
    net.evaluate(s, k);
    for (int i = 0; i < N; i++) {
#pragma omp simd
      for (int l = 0; l < B; l++) { acc[i][l] += 2.0f * k[i][l]; s[i][l] = u[i][l] + half * k[i][l]; }
    }
    net.evaluate(s, k);
    for (int i = 0; i < N; i++) {
#pragma omp simd
      for (int l = 0; l < B; l++) { acc[i][l] += 2.0f * k[i][l]; s[i][l] = u[i][l] + dt * k[i][l]; }
    }
    net.evaluate(s, k);
    for (int i = 0; i < N; i++) {
#pragma omp simd
      for (int l = 0; l < B; l++) u[i][l] += sixth * (acc[i][l] + k[i][l]);
    }
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

void tsit5_block(const Network& net, float (*u)[B], int steps, float dt) {
  float k[7][N][B], s[N][B];
  net.evaluate(u, k[0]);
  for (int step = 0; step < steps; step++) {
    for (int stage = 0; stage < 6; stage++) {
      for (int i = 0; i < N; i++) {
#pragma omp simd
        for (int l = 0; l < B; l++) {
          float d = 0.0f;
          for (int j = 0; j <= stage; j++) d += A[stage][j] * k[j][i][l];
          s[i][l] = u[i][l] + dt * d;
        }
      }
      if (stage == 5) {
        for (int i = 0; i < N; i++) {
#pragma omp simd
          for (int l = 0; l < B; l++) u[i][l] = s[i][l];
        }
      }
      net.evaluate(s, k[stage + 1]);
    }
    for (int i = 0; i < N; i++) {
#pragma omp simd
      for (int l = 0; l < B; l++) k[0][i][l] = k[6][i][l];
    }
  }
}

using BlockSolver = void (*)(const Network&, float (*)[B], int, float);

// Runs every block of lanes through the whole trajectory (state lane after lane, N components each, as OdeKernels lays
// it out); a last partial block is padded with copies of its first lane.
void solve(BlockSolver block, const Network& net, std::vector<float>& y, int steps, float dt) {
  const int n = static_cast<int>(y.size()) / N;
  for (int l0 = 0; l0 < n; l0 += B) {
    const int m = n - l0 < B ? n - l0 : B;
    alignas(64) float u[N][B];
    for (int l = 0; l < B; l++) {
      for (int i = 0; i < N; i++) u[i][l] = y[(l0 + (l < m ? l : 0)) * N + i];
    }
    block(net, u, steps, dt);
    for (int l = 0; l < m; l++) {
      for (int i = 0; i < N; i++) y[(l0 + l) * N + i] = u[i][l];
    }
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
  std::vector<float> y(static_cast<size_t>(lanes) * N);
  for (const Method& m : methods) {
    double best = 1e300, checksum = 0;
    for (int r = 0; r < repeats; r++) {
      for (int l = 0; l < lanes; l++) {
        for (int i = 0; i < N; i++) y[static_cast<size_t>(l) * N + i] = Network::initial(i, l);
      }
      const auto start = std::chrono::steady_clock::now();
      solve(m.block, net, y, steps, dt);
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      best = seconds < best ? seconds : best;
      checksum = 0;
      for (float v : y) checksum += v;
    }
    std::printf("%s lanes=%d steps=%d evals_per_step=%d best_s=%.6f lane_steps_per_s=%.4g checksum=%.6f network=%s-h%d\n", m.name,
                lanes, steps, m.evaluations, best, static_cast<double>(lanes) * steps / best, checksum, Network::Name, Network::Width);
  }
  return 0;
}

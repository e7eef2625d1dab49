#!/usr/bin/env pwsh
# Thin wrapper over dotnet for users with PowerShell: ./build.ps1 [build|test|bench|publish]
param([ValidateSet('build', 'test', 'bench', 'publish')][string]$Task = 'build')
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
switch ($Task) {
    'build' { dotnet build Kernels.sln -c Release }
    'test' { dotnet test Kernels.sln -c Release }
    'bench' {
        # The quick benchmark report: writes bench/results/REPORT.md and its plots (see bench/README.md).
        dotnet run -c Release --project bench/OdeKernels.Benchmarks/OdeKernels.Benchmarks.csproj -- report
    }
    'publish' {
        # NativeAOT comes from each example's project (PublishAot for net9.0, which this SDK can publish natively);
        # OdeKernels.Examples.Shared is the examples' library, published inside each of them.
        $rid = if ($IsWindows) { 'win-x64' } elseif ($IsMacOS) { 'osx-arm64' } else { 'linux-x64' }
        foreach ($project in Get-ChildItem examples -Recurse -Filter *.csproj | Where-Object { $_.BaseName -ne 'OdeKernels.Examples.Shared' }) {
            dotnet publish $project.FullName -c Release -f net9.0 -r $rid -o "artifacts/publish/$($project.BaseName)"
            if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        }
    }
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

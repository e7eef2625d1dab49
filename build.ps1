#!/usr/bin/env pwsh
# Thin wrapper over dotnet for users with PowerShell: ./build.ps1 [build|test|bench|publish]
param([ValidateSet('build', 'test', 'bench', 'publish')][string]$Task = 'build')
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
switch ($Task) {
    'build' { dotnet build Kernels.sln -c Release }
    'test' { dotnet test Kernels.sln -c Release }
    'bench' {
        if (-not (Test-Path bench)) { throw 'bench/ has no benchmark project yet' }
        $project = Get-ChildItem bench -Recurse -Filter *.csproj | Select-Object -First 1
        if (-not $project) { throw 'bench/ has no benchmark project yet' }
        dotnet run -c Release --project $project.FullName -- report
    }
    'publish' {
        foreach ($project in Get-ChildItem examples -Recurse -Filter *.csproj) {
            dotnet publish $project.FullName -c Release -f net9.0 -r linux-x64 -p:PublishAot=true -o "artifacts/publish/$($project.BaseName)"
        }
    }
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

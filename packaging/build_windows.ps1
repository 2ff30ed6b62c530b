# Build GluteDesk for Windows: the app folder (PyInstaller, the same spec as Linux) and the
# installer (Inno Setup). UNTESTED: written on Linux; run it on Windows 10/11 x64 with Python
# 3.11 and Inno Setup 6 (iscc on PATH). .github/workflows/release-windows.yml runs it.
#
#   powershell -ExecutionPolicy Bypass -File packaging\build_windows.ps1
#   -> dist\GluteDesk\GluteDesk.exe and dist\GluteDesk-<version>-windows-setup.exe
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

# Windows needs its own lock (platform markers differ, e.g. colorama); make it with
#   pip-compile --generate-hashes --allow-unsafe --strip-extras --extra bundle `
#     -o requirements-windows-bundle.lock pyproject.toml
# on Windows, and commit it (docs/packaging.md).
$lock = "requirements-windows-bundle.lock"
if (-not (Test-Path $lock)) { throw "$lock is missing: make it on Windows (docs/packaging.md)" }

python -m venv .venv-win
$py = ".venv-win\Scripts\python.exe"
& $py -m pip install --require-hashes -r $lock
& $py -m pip install --no-deps .
$env:QT_QPA_PLATFORM = "offscreen"
& $py packaging\make_icons.py build\icons
& .venv-win\Scripts\pyinstaller.exe --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\glutedesk.spec
Copy-Item packaging\licenses\THIRD-PARTY.txt dist\GluteDesk\
$version = & $py packaging\bundle_info.py --version

# Authenticode signing of GluteDesk.exe (docs/packaging.md). Placeholders only: the certificate
# comes from the CI secret store into $env:WINDOWS_CERT_PATH / $env:WINDOWS_CERT_PASSWORD.
if ($env:WINDOWS_CERT_PATH) {
  signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 `
    /f $env:WINDOWS_CERT_PATH /p $env:WINDOWS_CERT_PASSWORD dist\GluteDesk\GluteDesk.exe
}
iscc "/DAppVersion=$version" packaging\windows\glutedesk.iss
Write-Host "Built dist\GluteDesk-$version-windows-setup.exe"

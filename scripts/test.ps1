# Set up (if needed) and run the whole test suite headless on Windows. Extra arguments go to pytest.
# Usage, in PowerShell from the checkout:  .\scripts\test.ps1   (or: py -3 scripts\bootstrap.py test)
# The work is done by scripts\bootstrap.py, the same on every OS.
$bootstrap = Join-Path $PSScriptRoot "bootstrap.py"
if (Get-Command py -ErrorAction SilentlyContinue) { & py -3 $bootstrap test @args } else { & python $bootstrap test @args }
exit $LASTEXITCODE

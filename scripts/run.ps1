# Set up (if needed) and start ML Basics Lab on Windows. Extra arguments go to main.py.
# Usage, in PowerShell from the checkout:  .\scripts\run.ps1   (or: py -3 scripts\bootstrap.py run)
# The work is done by scripts\bootstrap.py, the same on every OS.
$bootstrap = Join-Path $PSScriptRoot "bootstrap.py"
if (Get-Command py -ErrorAction SilentlyContinue) { & py -3 $bootstrap run @args } else { & python $bootstrap run @args }
exit $LASTEXITCODE

@echo off
rem Windows counterpart of `make run`: builds the fakestore-elt image and starts a shell in it,
rem with this folder mounted at /workspace, credentials\ mounted read-only and .env passed when present.
rem Double-click it, or run it from a terminal in this folder. Needs Docker Desktop running.
setlocal
cd /d "%~dp0"
if "%IMAGE%"=="" set "IMAGE=fakestore-elt"

where docker >nul 2>nul
if errorlevel 1 (
  echo Start-project: docker is not installed. Install Docker Desktop: https://docs.docker.com/desktop/setup/install/windows-install/ 1>&2
  goto :fail
)
docker info >nul 2>nul
if errorlevel 1 (
  echo Start-project: no Docker engine is reachable. Start Docker Desktop, wait until it says "Engine running", then retry. 1>&2
  goto :fail
)

echo Start-project: building %IMAGE% from docker\Dockerfile
docker build -f docker/Dockerfile -t %IMAGE% .
if errorlevel 1 goto :fail

if not exist credentials mkdir credentials
set "ENVFILE="
if exist .env set "ENVFILE=--env-file .env"
docker run --rm -it -v "%CD%:/workspace" -v "%CD%\credentials:/workspace/credentials:ro" -w /workspace %ENVFILE% %IMAGE% bash
exit /b %errorlevel%

:fail
rem Keep the window open when started by double-click.
echo %cmdcmdline% | find /i "/c" >nul && pause
exit /b 1

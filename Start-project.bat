@echo off
rem Windows counterpart of `make run` (docker/run.sh): builds the fakestore-elt image and starts a
rem shell in it, with this folder mounted at /workspace, credentials\ read-only over it, your
rem Application Default Credentials (%APPDATA%\gcloud) read-only when you have them, and .env
rem passed when present. Double-click it, or run it from a terminal in any folder:
rem   Start-project.bat                  build, then a shell
rem   Start-project.bat build            build only
rem   Start-project.bat CMD ARGS         build, then run CMD instead of a shell, e.g.
rem                                      Start-project.bat dbt --version
rem Needs Docker Desktop running, or podman. Set CONTAINER_ENGINE=docker or podman to choose,
rem IMAGE to rename the image, BASE_IMAGE for another base, NO_BUILD=1 to skip the build.
setlocal
cd /d "%~dp0"
if "%IMAGE%"=="" set "IMAGE=fakestore-elt"

rem The engine: CONTAINER_ENGINE, else docker when its engine answers, else podman.
set "ENGINE=%CONTAINER_ENGINE%"
if not "%ENGINE%"=="" goto :engine_chosen
where docker >nul 2>nul && docker info >nul 2>nul && set "ENGINE=docker"
if "%ENGINE%"=="" where podman >nul 2>nul && set "ENGINE=podman"
if not "%ENGINE%"=="" goto :engine_chosen
where docker >nul 2>nul
if errorlevel 1 (
  echo Start-project: neither docker nor podman is installed. Install Docker Desktop: https://docs.docker.com/desktop/setup/install/windows-install/ 1>&2
  goto :fail
)
echo Start-project: no Docker engine is reachable. Start Docker Desktop, wait until it says "Engine running", then retry. 1>&2
goto :fail

:engine_chosen
if "%NO_BUILD%"=="1" goto :built
set "BUILDARGS="
if not "%BASE_IMAGE%"=="" set "BUILDARGS=--build-arg BASE_IMAGE=%BASE_IMAGE%"
rem podman writes OCI images by default, which drop HEALTHCHECK.
if /i "%ENGINE%"=="podman" set "BUILDARGS=%BUILDARGS% --format docker"
echo Start-project: building %IMAGE% from docker\Dockerfile with %ENGINE%
%ENGINE% build -f docker/Dockerfile -t %IMAGE% %BUILDARGS% .
if errorlevel 1 goto :fail

:built
if /i "%~1"=="build" exit /b 0
if not exist credentials mkdir credentials
set RUNARGS=--rm -it -v "%CD%:/workspace" -v "%CD%\credentials:/workspace/credentials:ro" -w /workspace -e HOME=/home/fakestore
if exist "%APPDATA%\gcloud\" set RUNARGS=%RUNARGS% -v "%APPDATA%\gcloud:/home/fakestore/.config/gcloud:ro" -e CLOUDSDK_CONFIG=/home/fakestore/.config/gcloud
if exist .env set RUNARGS=%RUNARGS% --env-file .env
if not "%DOCKER_RUN_ARGS%"=="" set RUNARGS=%RUNARGS% %DOCKER_RUN_ARGS%

rem No argument: a shell. Otherwise the arguments are the command, passed through as they are.
if "%~1"=="" goto :shell
%ENGINE% run %RUNARGS% %IMAGE% %*
exit /b %errorlevel%
:shell
%ENGINE% run %RUNARGS% %IMAGE% bash
exit /b %errorlevel%

:fail
rem Keep the window open when started by double-click.
echo %cmdcmdline% | find /i "/c" >nul && pause
exit /b 1

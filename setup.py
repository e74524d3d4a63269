"""`pip install .`: builds the extension dbcost._dbcost with the project's CMake build.

The metadata is in pyproject.toml; this file only adds the CMake-driven build_ext. It configures the
repository with the interpreter that runs pip (-DPython3_EXECUTABLE=sys.executable), builds the
target _dbcost and copies it beside the package files of bindings/dbcost. The C++ dependencies are
Debian's (scripts/install-deps.sh); nothing is downloaded, so build with --no-build-isolation.

Environment:
  DBCOST_PIP_BUILD_DIR        where setuptools and CMake build (default: <repo>/build-pip); a second
                              install reuses it and only rebuilds what changed
  DBCOST_CMAKE_BUILD_DIR      an existing, configured CMake build of this repository (for example
                              build/ after `make`): it is not reconfigured, only its target _dbcost
                              is brought up to date; it must have been configured for this interpreter
  DBCOST_CMAKE_BUILD_TYPE     CMake build type (default: Release, at -O2 as the tested RelWithDebInfo
                              build but without debug info; GCC 12 at -O3 raises false -Wrestrict
                              warnings)
  CMAKE_BUILD_PARALLEL_LEVEL  compile jobs (default: the number of CPUs)
"""
import os
import pathlib
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = pathlib.Path(__file__).resolve().parent
BUILD_DIR = pathlib.Path(os.environ.get("DBCOST_PIP_BUILD_DIR") or ROOT / "build-pip").resolve()
# setuptools writes its build tree and egg-info here too, not into the source tree (build/ is CMake's).
BUILD_DIR.mkdir(parents=True, exist_ok=True)


class CMakeExtension(Extension):
    def __init__(self, name, target):
        super().__init__(name, sources=[])
        self.target = target


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        cmake = shutil.which("cmake")
        if cmake is None:
            raise RuntimeError("dbcost: cmake not found (Debian: apt-get install cmake, or scripts/install-deps.sh)")
        existing = os.environ.get("DBCOST_CMAKE_BUILD_DIR")
        if existing:
            build = pathlib.Path(existing).resolve()
            self.check_configured_for_this_python(build)
        else:
            build = BUILD_DIR / "cmake"
        build_type = os.environ.get("DBCOST_CMAKE_BUILD_TYPE", "Release")
        configure = [
            cmake, "-S", str(ROOT), "-B", str(build),
            f"-DCMAKE_BUILD_TYPE={build_type}",
            "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG",
            f"-DPython3_EXECUTABLE={sys.executable}",
            "-DDBCOST_BUILD_PYTHON=ON",
            "-DDBCOST_BUILD_TESTS=OFF",
        ]
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        if not existing:
            subprocess.run(configure, check=True)
        subprocess.run([cmake, "--build", str(build), "--target", ext.target, "-j", jobs], check=True)
        built = sorted((build / "python" / "dbcost").glob(f"{ext.target}*.so"))
        if len(built) != 1:
            raise RuntimeError(f"dbcost: expected one {ext.target}*.so in {build / 'python' / 'dbcost'}, found {built}")
        dest = pathlib.Path(self.get_ext_fullpath(ext.name))
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built[0], dest)

    @staticmethod
    def check_configured_for_this_python(build):
        cache = build / "CMakeCache.txt"
        if not cache.exists():
            raise RuntimeError(f"dbcost: DBCOST_CMAKE_BUILD_DIR={build} is not a configured CMake build (no CMakeCache.txt)")
        for line in cache.read_text().splitlines():
            if line.startswith("Python3_EXECUTABLE:"):
                configured = line.split("=", 1)[1]
                if pathlib.Path(configured).resolve() != pathlib.Path(sys.executable).resolve():
                    raise RuntimeError(f"dbcost: {build} was configured for {configured}, not {sys.executable}")
                return
        raise RuntimeError(f"dbcost: {cache} names no Python3_EXECUTABLE")


setup(
    ext_modules=[CMakeExtension("dbcost._dbcost", target="_dbcost")],
    cmdclass={"build_ext": CMakeBuild},
    options={
        "build": {"build_base": str(BUILD_DIR / "setuptools")},
        "egg_info": {"egg_base": str(BUILD_DIR)},
    },
    zip_safe=False,
)

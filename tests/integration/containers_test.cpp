// The container files agree with containers/versions.env (the one place their
// versions are set) and with the project version: every ARG default and the
// Apptainer image tag, the workflow's container, the CUDA version inside both CUDA image tags and in the
// LibTorch build; and each image defines its smoke test. The checker is shown
// to catch a disagreement on a doctored copy.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "support/test_support.h"

namespace ketapgx {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> read_versions(const std::string& path, std::vector<std::string>& problems) {
  std::map<std::string, std::string> v;
  std::istringstream in(test::read_file(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      problems.push_back(path + ": not KEY=VALUE: " + line);
      continue;
    }
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!v.emplace(line.substr(0, eq), value).second) problems.push_back(path + ": " + line.substr(0, eq) + " set twice");
  }
  return v;
}

// The default of `ARG name=...` in a Dockerfile ("" when absent).
std::string arg_default(const std::string& dockerfile, const std::string& name) {
  std::smatch m;
  const std::regex re("(^|\\n)ARG " + name + "=([^\\n]*)");
  return std::regex_search(dockerfile, m, re) ? m[2].str() : "";
}

// Every disagreement among the container files in `dir` (containers/), the
// workflow config beside it (workflow/config.yaml) and `cmake` (CMakeLists.txt).
std::vector<std::string> disagreements(const std::string& dir, const std::string& cmake) {
  std::vector<std::string> p;
  auto v = read_versions(dir + "/versions.env", p);
  for (const char* key : {"KETAPGX_VERSION", "DEBIAN_IMAGE", "CUDA_VERSION", "CUDA_DEVEL_IMAGE", "CUDA_RUNTIME_IMAGE",
                          "LIBTORCH_VERSION", "LIBTORCH_CUDA", "LIBTORCH_URL", "CUDA_ARCHITECTURES"})
    if (v[key].empty()) p.push_back(std::string("versions.env: no ") + key);
  // The shell's reading (containers/build.sh sources the file) equals the text's.
  {
    test::TempDir t;
    std::string script = "set -eu\nsource '" + dir + "/versions.env'\n";
    for (const auto& [key, value] : v) script += "printf '%s=%s\\n' " + key + " \"${" + key + "}\"\n";
    test::write_file(t.file("read.sh"), script);
    const auto r = test::run("bash " + t.file("read.sh") + " 2>&1");
    if (r.exit_code != 0) p.push_back("versions.env: `source` in bash fails: " + r.out);
    for (const auto& [key, value] : v)
      if (r.out.find(key + "=" + value + "\n") == std::string::npos)
        p.push_back("versions.env: bash reads " + key + " otherwise than " + value);
  }
  std::smatch m;
  const std::string cm = test::read_file(cmake);
  if (!std::regex_search(cm, m, std::regex("project\\(ketapgx VERSION ([0-9.]+)")) || m[1].str() != v["KETAPGX_VERSION"])
    p.push_back("CMakeLists.txt project VERSION differs from KETAPGX_VERSION " + v["KETAPGX_VERSION"]);
  // The CUDA version is in both image tags; LibTorch is built for its major.minor.
  const std::string cuda = v["CUDA_VERSION"];
  for (const char* key : {"CUDA_DEVEL_IMAGE", "CUDA_RUNTIME_IMAGE"})
    if (v[key].find(":" + cuda + "-") == std::string::npos) p.push_back(std::string(key) + " is not CUDA " + cuda);
  const std::string mm = cuda.substr(0, cuda.rfind('.'));
  std::string cu = "cu" + mm;
  cu.erase(std::remove(cu.begin(), cu.end(), '.'), cu.end());
  if (v["LIBTORCH_CUDA"] != cu) p.push_back("LIBTORCH_CUDA " + v["LIBTORCH_CUDA"] + " is not CUDA " + mm + " (" + cu + ")");
  const std::string url = v["LIBTORCH_URL"];
  if (url.find("/" + cu + "/") == std::string::npos || url.find(v["LIBTORCH_VERSION"] + "%2B" + cu) == std::string::npos ||
      url.find("cxx11-abi") == std::string::npos)
    p.push_back("LIBTORCH_URL is not LibTorch " + v["LIBTORCH_VERSION"] + "+" + cu + " (cxx11 ABI)");
  // Every ARG default equals versions.env.
  const std::map<std::string, std::vector<std::string>> args = {
      {"Dockerfile.cpu", {"DEBIAN_IMAGE", "KETAPGX_VERSION"}},
      {"Dockerfile.cuda", {"CUDA_DEVEL_IMAGE", "CUDA_RUNTIME_IMAGE", "LIBTORCH_URL", "CUDA_ARCHITECTURES", "KETAPGX_VERSION"}}};
  for (const auto& [file, keys] : args) {
    const std::string text = test::read_file(dir + "/" + file);
    for (const std::string& key : keys)
      if (arg_default(text, key) != v[key])
        p.push_back(file + ": ARG " + key + "=" + arg_default(text, key) + " but versions.env has " + v[key]);
    if (text.find("\nHEALTHCHECK ") == std::string::npos) p.push_back(file + ": no HEALTHCHECK (the image's smoke test)");
    if (text.find("ENTRYPOINT [\"ketapgx\"]") == std::string::npos) p.push_back(file + ": the entrypoint is not ketapgx");
  }
  // The Apptainer definition starts from the GPU image of this version.
  const std::string def = test::read_file(dir + "/ketapgx.def");
  if (def.find("\nFrom: ketapgx:" + v["KETAPGX_VERSION"] + "-cuda\n") == std::string::npos)
    p.push_back("ketapgx.def: From is not ketapgx:" + v["KETAPGX_VERSION"] + "-cuda");
  if (def.find("org.opencontainers.image.version " + v["KETAPGX_VERSION"] + "\n") == std::string::npos)
    p.push_back("ketapgx.def: the version label is not " + v["KETAPGX_VERSION"]);
  for (const char* section : {"\n%test\n", "\n%runscript\n"})
    if (def.find(section) == std::string::npos) p.push_back(std::string("ketapgx.def: no ") + (section + 1));
  // The workflow's default container is this version's GPU image.
  const std::string wf = test::read_file(fs::path(dir).parent_path().string() + "/workflow/config.yaml");
  if (wf.find("\ncontainer: \"docker://ketapgx:" + v["KETAPGX_VERSION"] + "-cuda\"") == std::string::npos)
    p.push_back("workflow/config.yaml: container is not docker://ketapgx:" + v["KETAPGX_VERSION"] + "-cuda");
  return p;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

TEST(Containers, VersionsAgreeEverywhere) {
  const auto p = disagreements(test::source_dir() + "/containers", test::source_dir() + "/CMakeLists.txt");
  EXPECT_TRUE(p.empty()) << join(p);
}

TEST(Containers, CheckerCatchesADisagreement) {
  test::TempDir d;
  fs::copy(test::source_dir() + "/containers", d.file("containers"), fs::copy_options::recursive);
  fs::create_directories(d.file("workflow"));
  fs::copy_file(test::source_dir() + "/workflow/config.yaml", d.file("workflow/config.yaml"));
  std::string cuda = test::read_file(d.file("containers/Dockerfile.cuda"));
  const std::string from = "ARG CUDA_RUNTIME_IMAGE=nvidia/cuda:";
  const auto at = cuda.find(from);
  ASSERT_NE(at, std::string::npos);
  cuda.replace(at + from.size(), 6, "12.4.1");  // an older runtime than the devel stage
  test::write_file(d.file("containers/Dockerfile.cuda"), cuda);
  std::string def = test::read_file(d.file("containers/ketapgx.def"));
  def.erase(def.find("\n%test\n"));
  test::write_file(d.file("containers/ketapgx.def"), def);
  const auto p = disagreements(d.file("containers"), test::source_dir() + "/CMakeLists.txt");
  const std::string all = join(p);
  EXPECT_NE(all.find("Dockerfile.cuda: ARG CUDA_RUNTIME_IMAGE"), std::string::npos) << all;
  EXPECT_NE(all.find("ketapgx.def: no %test"), std::string::npos) << all;
  EXPECT_EQ(p.size(), 2u) << all;
}

// Unquoted, `CUDA_ARCHITECTURES=80;90` makes `source` run "90" as a command
// (issue 14: containers/build.sh failed at once with exit 127).
TEST(Containers, CheckerCatchesAnUnquotedShellValue) {
  test::TempDir d;
  fs::copy(test::source_dir() + "/containers", d.file("containers"), fs::copy_options::recursive);
  fs::create_directories(d.file("workflow"));
  fs::copy_file(test::source_dir() + "/workflow/config.yaml", d.file("workflow/config.yaml"));
  std::string env = test::read_file(d.file("containers/versions.env"));
  const auto at = env.find("CUDA_ARCHITECTURES=\"80;90\"");
  ASSERT_NE(at, std::string::npos);
  env.replace(at, std::string("CUDA_ARCHITECTURES=\"80;90\"").size(), "CUDA_ARCHITECTURES=80;90");
  test::write_file(d.file("containers/versions.env"), env);
  const std::string all = join(disagreements(d.file("containers"), test::source_dir() + "/CMakeLists.txt"));
  EXPECT_NE(all.find("`source` in bash fails"), std::string::npos) << all;
  EXPECT_NE(all.find("bash reads CUDA_ARCHITECTURES otherwise"), std::string::npos) << all;
}

// containers/build.sh runs the engine it is given, or docker when its daemon
// answers, or podman, with every version from versions.env: here fake engines
// on PATH record their arguments (no image is built). A docker client whose
// daemon does not answer (`docker info` fails) is passed over for podman.
TEST(Containers, BuildScriptRunsTheChosenEngineWithTheVersions) {
  test::TempDir d;
  auto fake_engines = [&](bool docker_daemon) {
    for (const char* e : {"docker", "podman"}) {
      const std::string fake = d.file(e);
      const bool dead = std::string(e) == "docker" && !docker_daemon;
      test::write_file(fake, std::string("#!/bin/sh\n") + (dead ? "[ \"$1\" = info ] && exit 1\n" : "[ \"$1\" = info ] && exit 0\n") +
                                 "echo " + e + " \"$@\" >> " + d.file("calls.txt") + "\n");
      fs::permissions(fake, fs::perms::owner_all);
    }
  };
  fake_engines(true);
  const std::string run = "cd " + test::source_dir() + " && PATH=" + d.path() + ":/usr/bin:/bin bash containers/build.sh ";
  auto r = test::run(run + "--engine podman cuda");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string calls = test::read_file(d.file("calls.txt"));
  // podman keeps the HEALTHCHECK only in docker-format images.
  EXPECT_EQ(calls.rfind("podman build --format docker -f containers/Dockerfile.cuda ", 0), 0u) << calls;
  EXPECT_NE(calls.find("--build-arg CUDA_ARCHITECTURES=80;90 "), std::string::npos) << calls;
  EXPECT_NE(calls.find("-t ketapgx:0.1.0-cuda ."), std::string::npos) << calls;
  fs::remove(d.file("calls.txt"));
  r = test::run(run + "cpu");  // no --engine: docker first, its daemon answers
  ASSERT_EQ(r.exit_code, 0) << r.err;
  calls = test::read_file(d.file("calls.txt"));
  EXPECT_EQ(calls.rfind("docker build -f containers/Dockerfile.cpu --build-arg DEBIAN_IMAGE=debian:12 ", 0), 0u) << calls;
  fs::remove(d.file("calls.txt"));
  fake_engines(false);
  r = test::run(run + "cpu");  // a docker client without a daemon: podman
  ASSERT_EQ(r.exit_code, 0) << r.err;
  calls = test::read_file(d.file("calls.txt"));
  EXPECT_EQ(calls.rfind("podman build --format docker -f containers/Dockerfile.cpu ", 0), 0u) << calls;
  r = test::run(run + "--engine rkt cpu");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--engine takes docker or podman"), std::string::npos) << r.err;
}

// podman reads the project's containers.conf through the scripts only: runc,
// no default ulimits (which exceed many machines' hard limits).
TEST(Containers, PodmanSettingsComeFromTheProjectFile) {
  const std::string conf = test::read_file(test::source_dir() + "/containers/containers.conf");
  EXPECT_NE(conf.find("runtime = \"runc\""), std::string::npos);
  EXPECT_NE(conf.find("default_ulimits = []"), std::string::npos);
  const auto r = test::run("cd " + test::source_dir() + " && bash -c 'source containers/engine.sh && PATH=/nonexistent; "
                           "command() { [ \"$2\" = podman ]; }; podman() { :; }; choose_engine podman && echo \"$CONTAINERS_CONF\"'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("containers/containers.conf"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace ketapgx

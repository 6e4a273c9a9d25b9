// A host's file tree for `--root` tests, built in a fresh /tmp directory and removed
// (permissions restored first, so a test that made a directory unreadable still cleans
// up) when the test ends. Shared by the collector tests.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace edict::testing {

struct TempRoot {
  std::filesystem::path path;
  explicit TempRoot(const std::string& name) {
    std::string tmpl = "/tmp/edict-" + name + "-XXXXXX";
    path = ::mkdtemp(tmpl.data());
    // Searchable by others: tests also read the tree as an unprivileged user.
    std::filesystem::permissions(path, std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                           std::filesystem::perms::others_exec);
  }
  ~TempRoot() {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_directory(ec)) std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all, ec);
    }
    std::filesystem::permissions(path, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path, ec);
  }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
};

}  // namespace edict::testing

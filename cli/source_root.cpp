// See source_root.h.
#include "cli/source_root.h"

#include <filesystem>

namespace edict::cli {

namespace fs = std::filesystem;

std::string find_source_root(const std::string& config_path, const std::vector<std::string>& policy_paths) {
  std::error_code ec;
  fs::path anchor;
  if (!config_path.empty()) {
    anchor = fs::absolute(config_path, ec).parent_path();
  } else if (!policy_paths.empty()) {
    anchor = fs::absolute(policy_paths.front(), ec);
    if (!fs::is_directory(anchor, ec)) anchor = anchor.parent_path();
  } else {
    anchor = fs::current_path(ec);
  }
  anchor = anchor.lexically_normal();
  if (anchor.has_filename() == false && anchor != anchor.root_path()) anchor = anchor.parent_path();  // "dir/" -> "dir"
  // Up to the file system root: an absolute, lexically normal path has as many parents
  // as it has components, so this ends.
  for (fs::path dir = anchor; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir.string();
    if (dir == dir.root_path()) break;
  }
  return anchor.string();
}

}  // namespace edict::cli

// The fleet's host stream (see fleet_input.h).
#include "cli/fleet_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "runtime/bounded_read.h"
#include "runtime/facts/builder.h"

namespace edict::cli {

namespace fs = std::filesystem;

namespace {

// read(2) size: large enough that a 5 KB host costs no syscall of its own.
constexpr size_t kReadChunk = 1 << 20;

bool ends_with(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool is_blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

Diagnostic over_limit(const std::string& shown, size_t limit) {
  Diagnostic d = Diagnostic::error("E0501", Span{}, "facts document is larger than " + size_text(limit),
                                   "split it, leave out bulky facts, or raise the limit (`edict check --max-facts-bytes`)");
  d.path = shown;
  return d;
}

std::string mtime_of(const std::string& path) {
  struct stat st;
  if (path != "-" && ::stat(path.c_str(), &st) == 0) return rfc3339_utc(st.st_mtime);
  return now_rfc3339();
}

}  // namespace

// Lines of a file descriptor, each at most `max_bytes` (a longer one is skipped to its
// end and flagged): memory is one chunk plus one line whatever the file's size.
class LineReader {
 public:
  // `stop_when_over`: a line over the limit ends the reading at once instead of being
  // skipped to its newline (stdin sniffing: /dev/zero has no newline to reach).
  LineReader(int fd, size_t max_bytes, bool stop_when_over = false)
      : fd_(fd), max_bytes_(max_bytes), stop_when_over_(stop_when_over), buffer_(kReadChunk, '\0') {}

  // False at the end of the input (or on a read error, in `error`).
  void set_stop_when_over(bool stop) { stop_when_over_ = stop; }

  bool next(std::string* line, bool* over, std::string* error) {
    line->clear();
    *over = false;
    bool any = false;
    while (true) {
      if (pos_ == end_) {
        if (eof_) return any;
        ssize_t n;
        do n = ::read(fd_, buffer_.data(), buffer_.size());
        while (n < 0 && errno == EINTR);
        if (n < 0) {
          *error = std::strerror(errno);
          eof_ = true;
          return any;
        }
        if (n == 0) {
          eof_ = true;
          return any;
        }
        pos_ = 0;
        end_ = static_cast<size_t>(n);
      }
      any = true;
      const char* start = buffer_.data() + pos_;
      const void* nl = std::memchr(start, '\n', end_ - pos_);
      size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
      if (!*over) {
        if (line->size() + take > max_bytes_) {
          *over = true;
          line->clear();
          line->shrink_to_fit();
          if (stop_when_over_) {
            eof_ = true;
            return true;
          }
        } else {
          line->append(start, take);
        }
      }
      pos_ += take;
      if (nl) {
        ++pos_;
        return true;
      }
    }
  }

 private:
  int fd_;
  size_t max_bytes_;
  bool stop_when_over_;
  std::string buffer_;
  size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
};

struct HostStream::State {
  std::vector<FleetSourceSpec> specs;
  size_t max_bytes;
  size_t spec_index = 0;
  // The NDJSON source being read.
  int fd = -1;
  bool own_fd = false;
  std::shared_ptr<LineReader> reader;
  size_t line_number = 0;
  size_t read_line_index = 0;  // into specs[spec_index].read_lines
  std::string mtime;
  bool opened = false;

  void close_current() {
    if (own_fd && fd >= 0) ::close(fd);
    fd = -1;
    own_fd = false;
    reader.reset();
    opened = false;
    read_line_index = 0;
  }
};

HostStream::HostStream(std::vector<FleetSourceSpec> specs, size_t max_bytes) : state_(new State) {
  state_->specs = std::move(specs);
  state_->max_bytes = max_bytes;
}

HostStream::~HostStream() { state_->close_current(); }

bool HostStream::next(HostInput* out) {
  State& s = *state_;
  while (s.spec_index < s.specs.size()) {
    FleetSourceSpec& spec = s.specs[s.spec_index];
    *out = HostInput{};
    if (spec.kind == FleetSourceSpec::kFile) {
      ++s.spec_index;
      out->source = spec.shown;
      out->path = spec.path;
      if (spec.stdin_read) {
        out->text = std::move(spec.read_text);
        out->has_text = true;
      }
      out->mtime = mtime_of(spec.path);
      return true;
    }
    if (!s.opened) {
      s.opened = true;
      s.mtime = mtime_of(spec.path);
      s.line_number = 0;
      if (spec.stdin_reader) {
        s.reader = spec.stdin_reader;
        s.fd = 0;
      } else if (spec.path == "-") {
        s.fd = 0;
      } else {
        s.fd = ::open(spec.path.c_str(), O_RDONLY | O_CLOEXEC);
        s.own_fd = s.fd >= 0;
      }
      if (s.fd < 0) {
        // Checked in plan_fleet; a file that vanished since is one error host.
        out->source = spec.shown;
        out->is_line = true;
        Diagnostic d = Diagnostic::error("E0500", Span{}, "cannot read facts file `" + spec.shown + "`: " + std::strerror(errno));
        d.path = spec.shown;
        out->read_error = d;
        s.close_current();
        ++s.spec_index;
        return true;
      }
      if (!s.reader) s.reader = std::make_shared<LineReader>(s.fd, s.max_bytes);
    }
    // Lines stdin sniffing already read come first.
    if (s.read_line_index < spec.read_lines.size()) {
      auto& [number, text] = spec.read_lines[s.read_line_index++];
      out->source = spec.shown + ":" + std::to_string(number);
      out->is_line = true;
      out->text = std::move(text);
      out->has_text = true;
      out->mtime = s.mtime;
      s.line_number = number;
      return true;
    }
    if (spec.stdin_read && s.line_number < spec.stdin_next_line - 1) s.line_number = spec.stdin_next_line - 1;
    std::string line, error;
    bool over = false;
    while (s.reader->next(&line, &over, &error)) {
      ++s.line_number;
      if (!over && is_blank(line)) continue;
      out->source = spec.shown + ":" + std::to_string(s.line_number);
      out->is_line = true;
      out->mtime = s.mtime;
      if (over) {
        out->read_error = over_limit(out->source, s.max_bytes);
      } else {
        out->text = std::move(line);
        out->has_text = true;
      }
      return true;
    }
    bool failed = !error.empty();
    std::string shown = spec.shown;
    s.close_current();
    ++s.spec_index;
    if (failed) {
      out->source = shown;
      out->is_line = true;
      Diagnostic d = Diagnostic::error("E0500", Span{}, "cannot read facts file `" + shown + "`: " + error);
      d.path = shown;
      out->read_error = d;
      return true;
    }
  }
  return false;
}

namespace {

// Stdin: sniffs NDJSON (see fleet_input.h) reading at most two non-blank lines ahead.
bool plan_stdin(FleetSourceSpec* spec, size_t max_bytes, DiagnosticSink& sink) {
  spec->path = "-";
  spec->shown = "<stdin>";
  spec->stdin_read = true;
  spec->stdin_reader = std::make_shared<LineReader>(0, max_bytes, /*stop_when_over=*/true);
  LineReader& reader = *spec->stdin_reader;
  std::string line, error;
  bool over = false;
  size_t number = 0;
  std::string consumed;  // everything read, for a single document
  std::vector<std::pair<size_t, std::string>> lines;
  bool first_is_json = false;
  while (reader.next(&line, &over, &error)) {
    ++number;
    if (over) break;
    consumed += line + "\n";
    if (consumed.size() > max_bytes + 1) {
      over = true;
      break;
    }
    if (is_blank(line)) continue;
    if (lines.empty()) {
      first_is_json = !line.empty() && line[line.find_first_not_of(" \t")] == '{' && nlohmann::json::accept(line);
      lines.push_back({number, line});
      if (!first_is_json) break;
    } else {
      lines.push_back({number, line});
      spec->kind = FleetSourceSpec::kNdjson;
      reader.set_stop_when_over(false);  // from here a long line is one bad host, skipped
      spec->read_lines = std::move(lines);
      spec->stdin_next_line = number + 1;
      return true;
    }
  }
  if (!error.empty()) {
    Diagnostic d = Diagnostic::error("E0500", Span{}, "cannot read facts file `<stdin>`: " + error);
    d.path = "<stdin>";
    sink.report(d);
    return false;
  }
  // One document: the rest of stdin, whole, under the same limit.
  if (!over) {
    std::string rest;
    while (reader.next(&line, &over, &error)) {
      if (over) break;
      consumed += line + "\n";
      if (consumed.size() > max_bytes + 1) {
        over = true;
        break;
      }
    }
  }
  if (over || consumed.size() > max_bytes + 1) {
    sink.report(over_limit("<stdin>", max_bytes));
    return false;
  }
  spec->kind = FleetSourceSpec::kFile;
  spec->read_text = std::move(consumed);
  return true;
}

}  // namespace

std::optional<FleetPlan> plan_fleet(const std::vector<std::string>& facts, size_t max_bytes, DiagnosticSink& sink,
                                    const std::string& noun) {
  FleetPlan plan;
  bool ok = true;
  bool stdin_seen = false;
  for (const auto& value : facts) {
    FleetSourceSpec spec;
    spec.path = value;
    spec.shown = value;
    if (value == "-") {
      if (stdin_seen) {
        sink.report(Diagnostic::error("E0830", Span{}, "`--facts -` is given twice", "stdin can be read once"));
        ok = false;
        continue;
      }
      stdin_seen = true;
      if (!plan_stdin(&spec, max_bytes, sink)) {
        ok = false;
        continue;
      }
      if (spec.kind == FleetSourceSpec::kNdjson) plan.is_fleet = true;
      plan.sources.push_back(std::move(spec));
      continue;
    }
    std::error_code ec;
    fs::file_status st = fs::status(value, ec);
    if (ec || !fs::exists(st)) {
      Diagnostic d = Diagnostic::error("E0500", Span{}, "cannot read " + noun + " `" + value + "`: No such file or directory",
                                       noun == "facts file" ? "check the path given to `--facts`" : "");
      d.path = value;
      sink.report(d);
      ok = false;
      continue;
    }
    if (fs::is_directory(st)) {
      plan.is_fleet = true;
      std::vector<std::string> names;
      fs::directory_iterator it(value, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        if (!ends_with(name, ".json") && !ends_with(name, ".toml")) continue;
        std::error_code fec;
        if (!it->is_regular_file(fec)) continue;
        names.push_back(name);
      }
      if (ec) {
        sink.report(Diagnostic::error("E0500", Span{}, "cannot read facts directory `" + value + "`: " + ec.message()));
        ok = false;
        continue;
      }
      std::sort(names.begin(), names.end());
      for (const auto& name : names) {
        FleetSourceSpec file;
        file.path = (fs::path(value) / name).string();
        file.shown = file.path;
        plan.sources.push_back(std::move(file));
      }
      continue;
    }
    if (ends_with(value, ".ndjson") || ends_with(value, ".jsonl")) {
      spec.kind = FleetSourceSpec::kNdjson;
      plan.is_fleet = true;
    }
    plan.sources.push_back(std::move(spec));
  }
  if (!ok) return std::nullopt;
  if (plan.sources.size() > 1) plan.is_fleet = true;
  if (!plan.is_fleet && plan.sources.size() == 1 && plan.sources[0].stdin_read)
    plan.single_stdin_text = plan.sources[0].read_text;
  return plan;
}

}  // namespace edict::cli

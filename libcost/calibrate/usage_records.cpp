#include "calibrate/usage_records.h"

#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "chargeback/json_fields.h"
#include "chargeback/usage_csv.h"
#include "core/errors.h"
#include "io/csv_reader.h"

namespace dbcost {
namespace {

enum Col : unsigned { kSku, kStart, kQuantity, kMeta, kCloud, kUnit, kTags, kFeatures, kOrigin, kIdle, kColumns };
constexpr std::array<const char*, kColumns> kNames = {
    "sku_name",   "usage_start_time", "usage_quantity",   "usage_metadata",         "cloud",
    "usage_unit", "custom_tags",      "product_features", "billing_origin_product", "dbcost_idle_quantity"};
constexpr unsigned kRequired = 4;  // the first four

enum Meta : unsigned {
  kJobId,
  kJobRunId,
  kJobName,
  kClusterId,
  kWarehouseId,
  kNodeType,
  kNotebookId,
  kPipelineId,
  kEndpointName
};

class RecordParser {
 public:
  RecordParser(std::string file, std::string_view header_line, const std::string& team_tag)
      : file_(std::move(file)),
        meta_({"job_id", "job_run_id", "job_name", "cluster_id", "warehouse_id", "node_type", "notebook_id",
               "dlt_pipeline_id", "endpoint_name"}),
        tags_({team_tag}),
        features_({"is_serverless", "is_photon"}) {
    header_ = detail::csv_header(detail::strip_bom(header_line));
    if (header_.empty() || (header_.size() == 1 && header_[0].empty()))
      throw InputError({file_, 1, 1, ""}, "empty file: expected a CSV header line");
    for (unsigned c = 0; c < kColumns; ++c) {
      pos_[c] = -1;
      for (std::size_t h = 0; h < header_.size(); ++h)
        if (header_[h] == kNames[c]) {
          if (pos_[c] >= 0)
            throw InputError({file_, 1, h + 1, kNames[c]}, "malformed CSV: a column appears twice in the header");
          pos_[c] = static_cast<int>(h);
        }
      if (pos_[c] < 0 && c < kRequired)
        throw InputError({file_, 1, 0, kNames[c]}, "missing column '" + std::string(kNames[c]) + "' in the header");
      if (pos_[c] >= 0) scan_ = std::max(scan_, static_cast<unsigned>(pos_[c]) + 1);
    }
    cells_.ends.resize(scan_);
  }

  // Parses the lines in [p, end); `end` ends a line.
  void consume(const char* p, const char* end, const UsageRecordSink& sink) {
    while (p < end) {
      ++line_;
      if (*p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'))) {
        p += *p == '\n' ? 1 : (p + 1 == end ? 1 : 2);
        continue;
      }
      const CsvScan s = scan_csv_line(p, end, scan_, cells_);
      if (s.status != CsvScanStatus::Ok) {
        const char* what = s.status == CsvScanStatus::TooFewFields     ? "malformed CSV: too few fields on this line"
                           : s.status == CsvScanStatus::QuoteNotClosed ? "malformed CSV: a quoted field is not closed"
                                                                       : "malformed CSV: a misplaced quote";
        throw InputError({file_, line_, s.column + 1, s.column < header_.size() ? header_[s.column] : ""}, what);
      }
      const std::string_view text(p, static_cast<std::size_t>(s.next - p));
      if (const std::size_t bad = utf8_invalid_at(text); bad != std::string_view::npos)
        throw InputError({file_, line_, bad + 1, ""}, utf8_error_message(static_cast<unsigned char>(text[bad])));
      if (s.fields > header_.size())
        throw InputError({file_, line_, header_.size() + 1, ""}, "malformed CSV: " + std::to_string(s.fields) +
                                                                     " fields on this line, the header has " +
                                                                     std::to_string(header_.size()));
      record(sink);
      p = s.next;
    }
  }

 private:
  [[noreturn]] void fail(unsigned col, const std::string& message) const {
    throw InputError({file_, line_, static_cast<std::size_t>(pos_[col]) + 1, kNames[col]}, message);
  }

  std::string_view text(unsigned col, std::string& buffer) {
    if (pos_[col] < 0) return {};
    return csv_text(cells_.cell(static_cast<unsigned>(pos_[col])), buffer);
  }

  void json(unsigned col, JsonFields& fields) {
    const CsvContent content =
        pos_[col] < 0 ? CsvContent{} : csv_content(cells_.cell(static_cast<unsigned>(pos_[col])));
    if (!fields.scan(content.text, content.doubled)) fail(col, "expected a JSON object: " + fields.error());
  }

  static std::optional<bool> flag(const JsonFields& f, std::size_t i) {
    const auto v = f.value(i);
    if (!v) return std::nullopt;
    if (*v == "true") return true;
    if (*v == "false") return false;
    return std::nullopt;
  }

  void record(const UsageRecordSink& sink) {
    UsageRecord r;
    r.line = line_;
    r.sku_name = text(kSku, buf_[0]);
    if (r.sku_name.empty()) fail(kSku, "empty sku_name");
    r.cloud = text(kCloud, buf_[1]);
    r.usage_unit = pos_[kUnit] < 0 ? std::string_view("DBU") : text(kUnit, buf_[2]);
    r.billing_origin_product = text(kOrigin, buf_[3]);
    const std::string_view start = text(kStart, buf_[4]);
    const auto t = parse_timestamp_utc(start);
    if (!t)
      fail(kStart, "expected a timestamp such as 2026-03-01T10:00:00.000+00:00, got '" + std::string(start) + "'");
    r.start = *t;
    const std::string_view quantity = text(kQuantity, buf_[5]);
    const auto q = parse_quantity(quantity);
    if (!q) fail(kQuantity, "expected a decimal quantity, got '" + std::string(quantity) + "'");
    r.quantity = *q;
    if (pos_[kIdle] >= 0) {
      const std::string_view idle = text(kIdle, buf_[6]);
      if (!idle.empty()) {
        const auto i = parse_quantity(idle);
        if (!i) fail(kIdle, "expected a decimal quantity, got '" + std::string(idle) + "'");
        r.idle_quantity = *i;
      }
    }
    json(kMeta, meta_);
    auto id = [&](unsigned k) { return meta_.value(k).value_or(std::string_view()); };
    r.job_id = id(kJobId);
    r.job_run_id = id(kJobRunId);
    r.job_name = id(kJobName);
    r.cluster_id = id(kClusterId);
    r.warehouse_id = id(kWarehouseId);
    r.node_type = id(kNodeType);
    r.notebook_id = id(kNotebookId);
    r.dlt_pipeline_id = id(kPipelineId);
    r.endpoint_name = id(kEndpointName);
    json(kTags, tags_);
    r.team = tags_.value(0).value_or(std::string_view());
    json(kFeatures, features_);
    r.is_serverless = flag(features_, 0);
    r.is_photon = flag(features_, 1);
    sink(r);
  }

  std::string file_;
  std::vector<std::string> header_;
  std::array<int, kColumns> pos_{};
  unsigned scan_ = 0;
  CsvLine cells_;
  std::uint64_t line_ = 1;
  JsonFields meta_, tags_, features_;
  std::array<std::string, 7> buf_;
};

// Splits [data, data + size) at its first line end: the header line and what follows.
std::pair<std::string_view, std::size_t> first_line(const char* data, std::size_t size) {
  const auto* nl = static_cast<const char*>(std::memchr(data, '\n', size));
  const std::size_t len = nl ? static_cast<std::size_t>(nl - data) : size;
  std::string_view header(data, len);
  if (!header.empty() && header.back() == '\r') header.remove_suffix(1);
  return {header, nl ? len + 1 : size};
}

}  // namespace

void read_usage_records_text(std::string_view text, const std::string& name, const std::string& team_tag,
                             const UsageRecordSink& sink) {
  const auto [header, body] = first_line(text.data(), text.size());
  RecordParser parser(name, header, team_tag);
  parser.consume(text.data() + body, text.data() + text.size(), sink);
}

void read_usage_records(const std::string& path, const std::string& team_tag, const UsageRecordSink& sink) {
  // gzread passes a plain file through unchanged, so one path reads both.
  gzFile gz = ::gzopen(path.c_str(), "rb");
  if (!gz) throw InputError({path, 0, 0, ""}, std::string("cannot open: ") + std::strerror(errno));
  struct Closer {
    gzFile f;
    ~Closer() { ::gzclose(f); }
  } closer{gz};
  ::gzbuffer(gz, 1u << 17);
  constexpr std::size_t kBlock = 1u << 20;
  std::vector<char> buf;
  std::size_t filled = 0;
  std::optional<RecordParser> parser;
  bool eof = false;
  while (!eof) {
    if (buf.size() < filled + kBlock) buf.resize(filled + kBlock);
    const int n = ::gzread(gz, buf.data() + filled, static_cast<unsigned>(kBlock));
    int errnum = 0;
    const char* msg = ::gzerror(gz, &errnum);
    if (n < 0 || errnum < 0) throw InputError({path, 0, 0, ""}, std::string("not a valid gzip file: ") + msg);
    filled += static_cast<std::size_t>(n);
    eof = n == 0;
    const char* data = buf.data();
    std::size_t from = 0;
    if (!parser) {
      const auto* nl = static_cast<const char*>(std::memchr(data, '\n', filled));
      if (!nl && !eof) continue;
      const auto [header, body] = first_line(data, filled);
      parser.emplace(path, header, team_tag);
      from = body;
    }
    std::size_t upto = filled;
    if (!eof) {
      const char* last = static_cast<const char*>(::memrchr(data + from, '\n', filled - from));
      upto = last ? static_cast<std::size_t>(last - data) + 1 : from;
    }
    parser->consume(data + from, data + upto, sink);
    std::memmove(buf.data(), data + upto, filled - upto);
    filled -= upto;
  }
}

}  // namespace dbcost

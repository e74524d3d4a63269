#include "usage/record_reader.h"

#include <array>
#include <optional>

#include "usage/json_fields.h"
#include "usage/usage_lines.h"

namespace dbcost {
namespace {

std::vector<WantedColumn> wanted_columns(const UsageReadOptions& options) {
  std::vector<WantedColumn> wanted;
  for (unsigned c = 0; c < kUsageColumnCount; ++c) wanted.push_back({kUsageColumns[c].name, nullptr});
  for (const UsageColumnId c : options.required) wanted[c].required_because = "";
  return wanted;
}

template <class Fields>
std::vector<std::string> field_names(const Fields& fields) {
  std::vector<std::string> names;
  for (const auto& f : fields) names.emplace_back(f.name);
  return names;
}

std::vector<std::string> feature_names() {
  std::vector<std::string> names = field_names(kProductFeatureFlags);
  for (const auto& f : kProductFeatureTexts) names.emplace_back(f.name);
  return names;
}

std::optional<std::string> value_of(const JsonFields& fields, std::size_t i) {
  const auto v = fields.value(i);
  return v ? std::optional<std::string>(*v) : std::nullopt;
}

class RecordBuilder {
 public:
  RecordBuilder(const UsageHeader& header, const UsageReadOptions& options)
      : lines_(header),
        tags_(options.tag_keys),
        meta_(field_names(kUsageMetadataFields)),
        identity_(field_names(kIdentityMetadataFields)),
        features_(feature_names()) {}

  void consume(const char* p, const char* end, const UsageRecordSink& sink) {
    lines_.consume(p, end, [&] {
      build();
      sink(r_);
    });
  }

  std::uint64_t line() const { return lines_.line(); }

 private:
  std::string_view text(UsageColumnId c) { return lines_.text(c, buffer_); }

  UnixSeconds timestamp(UsageColumnId c, std::string_view t) {
    const auto v = parse_timestamp_utc(t);
    if (!v) lines_.fail(c, "expected a timestamp such as 2026-03-01T10:00:00.000+00:00, got '" + std::string(t) + "'");
    return *v;
  }

  Decimal quantity(UsageColumnId c, std::string_view t) {
    const auto q = parse_quantity(t);
    if (!q) lines_.fail(c, "expected a decimal quantity, got '" + std::string(t) + "'");
    return *q;
  }

  void build() {
    r_.line = lines_.line() + 1;
    r_.record_id = text(kRecordIdColumn);
    r_.account_id = text(kAccountIdColumn);
    r_.workspace_id = text(kWorkspaceIdColumn);
    r_.sku_name = text(kSkuNameColumn);
    if (r_.sku_name.empty()) lines_.fail(kSkuNameColumn, "empty sku_name");
    r_.cloud = text(kCloudColumn);
    r_.usage_unit = lines_.has(kUsageUnitColumn) ? text(kUsageUnitColumn) : std::string_view("DBU");
    r_.billing_origin_product = text(kBillingOriginProductColumn);
    r_.usage_start_time = timestamp(kUsageStartTimeColumn, text(kUsageStartTimeColumn));
    r_.usage_quantity = quantity(kUsageQuantityColumn, text(kUsageQuantityColumn));
    const std::string_view idle = text(kIdleQuantityColumn);
    r_.dbcost_idle_quantity = idle.empty() ? std::nullopt : std::optional(quantity(kIdleQuantityColumn, idle));
    read_usage_metadata();
    read_custom_tags();
    read_product_features();
    const std::string_view end = text(kUsageEndTimeColumn);
    r_.usage_end_time = end.empty() ? std::nullopt : std::optional(timestamp(kUsageEndTimeColumn, end));
    lines_.json(kIdentityMetadataColumn, identity_);
    for (std::size_t i = 0; i < kIdentityMetadataFields.size(); ++i)
      r_.identity_metadata.*kIdentityMetadataFields[i].member = value_of(identity_, i);
    r_.usage_date = text(kUsageDateColumn);
    r_.record_type = text(kRecordTypeColumn);
    r_.ingestion_date = text(kIngestionDateColumn);
    r_.usage_type = text(kUsageTypeColumn);
  }

  void read_usage_metadata() {
    lines_.json(kUsageMetadataColumn, meta_);
    for (std::size_t i = 0; i < kUsageMetadataFields.size(); ++i)
      r_.usage_metadata.*kUsageMetadataFields[i].member = value_of(meta_, i);
  }

  void read_custom_tags() {
    lines_.json(kCustomTagsColumn, tags_);
    r_.custom_tags.clear();
    for (std::size_t i = 0; i < tags_.keys().size(); ++i)
      if (const auto v = tags_.value(i)) r_.custom_tags.emplace(tags_.keys()[i], *v);
  }

  void read_product_features() {
    lines_.json(kProductFeaturesColumn, features_);
    std::size_t i = 0;
    for (const auto& f : kProductFeatureFlags) {
      const auto v = features_.value(i++);
      r_.product_features.*f.member = v && *v == "true"    ? std::optional(true)
                                      : v && *v == "false" ? std::optional(false)
                                                           : std::nullopt;
    }
    for (const auto& f : kProductFeatureTexts) r_.product_features.*f.member = value_of(features_, i++);
  }

  UsageLineScanner lines_;
  JsonFields tags_, meta_, identity_, features_;
  std::string buffer_;
  UsageRecord r_;
};

}  // namespace

void read_usage_records(BlockSource& source, const std::string& name, const UsageReadOptions& options,
                        const UsageRecordSink& sink) {
  const std::string_view first = source.next();
  const std::string_view header_line = first_line_of(first);
  const UsageHeader header(header_line, name, wanted_columns(options));
  RecordBuilder builder(header, options);
  try {
    std::string_view block = first.substr(header_line.size());
    while (true) {
      builder.consume(block.data(), block.data() + block.size(), sink);
      block = source.next();
      if (block.empty()) break;
    }
  } catch (const UsageRowError& e) {
    throw e.at(name, 1);
  }
}

void read_usage_records_text(std::string_view text, const std::string& name, const UsageReadOptions& options,
                             const UsageRecordSink& sink) {
  TextSource source(text);
  read_usage_records(source, name, options, sink);
}

void read_usage_records(const std::string& path, const UsageReadOptions& options, const UsageRecordSink& sink) {
  const auto source = open_block_source(path, options.block_bytes);
  read_usage_records(*source, path, options, sink);
}

}  // namespace dbcost

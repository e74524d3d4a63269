#include "cloudcost/cloud_cost_line.h"

#include <array>

#include "core/ascii_case.h"

namespace dbcost {
namespace {

bool contains_any(const std::string& lower, std::initializer_list<std::string_view> words) {
  for (const std::string_view w : words)
    if (lower.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string_view charge_category_name(ChargeCategory c) {
  constexpr std::array<std::string_view, 5> names = {"Usage", "Purchase", "Tax", "Credit", "Adjustment"};
  return names[static_cast<std::size_t>(c)];
}

std::string_view cost_class_name(CostClass c) {
  constexpr std::array<std::string_view, 4> names = {"compute", "storage", "network", "other"};
  return names[static_cast<std::size_t>(c)];
}

CostClass cost_class_of(const CostClassHints& h) {
  const std::string text =
      ascii_lower(std::string(h.resource_type) + "|" + std::string(h.usage_type) + "|" + std::string(h.service_name));
  const std::string id = ascii_lower(h.resource_id);
  if (contains_any(text, {"natgateway", "nat gateway", "datatransfer", "data transfer", "bandwidth", "loadbalancer",
                          "load balancer", "vpcendpoint", "vpc endpoint", "private endpoint", "privatelink",
                          "virtual network"}) ||
      id.starts_with("nat-") || id.find("/natgateways/") != std::string::npos)
    return CostClass::Network;
  if (contains_any(text, {"ebs:", "volume", "disk", "snapshot", "storage"}) || id.starts_with("vol-") ||
      id.find("/disks/") != std::string::npos)
    return CostClass::Storage;
  if (contains_any(text, {"boxusage", "spotusage", "instance", "virtual machine"}) || id.starts_with("i-") ||
      id.find("/virtualmachines/") != std::string::npos)
    return CostClass::Compute;
  const std::string category = ascii_lower(h.service_category);
  if (category == "compute") return CostClass::Compute;
  if (category == "storage") return CostClass::Storage;
  if (category == "networking") return CostClass::Network;
  return CostClass::Other;
}

}  // namespace dbcost

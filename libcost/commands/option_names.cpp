#include "commands/option_names.h"

#include <algorithm>

namespace dbcost {

std::string option_field(FrontEnd front, OptionName name) {
  return std::string(front == FrontEnd::Cli ? name.cli : name.python);
}

InputError option_error(FrontEnd front, OptionName name, const std::string& reason) {
  return InputError({"", 0, 0, option_field(front, name)}, reason);
}

void check_option_range(long long value, long long lo, long long hi, FrontEnd front, OptionName name) {
  if (value < lo || value > hi)
    throw option_error(front, name,
                       "expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                           std::to_string(value));
}

void check_option_values(const std::vector<double>& values, double lo, double hi, FrontEnd front, OptionName name,
                         const std::string& what) {
  if (values.empty()) throw option_error(front, name, "expected at least one value");
  for (double v : values)
    if (!(v >= lo && v <= hi)) throw option_error(front, name, "expected " + what + ", got " + std::to_string(v));
}

void check_option_choice(const std::string& value, const std::vector<std::string>& choices, FrontEnd front,
                         OptionName name) {
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return;
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  throw option_error(front, name, "expected one of " + list + ", got '" + value + "'");
}

}  // namespace dbcost

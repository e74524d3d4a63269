#include "commands/option_names.h"

#include <algorithm>
#include <charconv>

namespace dbcost {

std::string option_field(FrontEnd front, OptionName name) {
  return std::string(front == FrontEnd::Cli ? name.cli : name.python);
}

InputError option_error(FrontEnd front, OptionName name, const std::string& reason) {
  return InputError({"", 0, 0, option_field(front, name)}, reason);
}

void check_option_range(long long value, long long lo, long long hi, FrontEnd front, OptionName name) {
  if (value < lo || value > hi)
    throw option_error(
        front, name,
        "Value " + std::to_string(value) + " not in range " + std::to_string(lo) + " to " + std::to_string(hi));
}

void check_option_number_range(double value, double lo, double hi, FrontEnd front, OptionName name) {
  if (value >= lo && value <= hi) return;
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  throw option_error(
      front, name,
      "Value " + std::string(text, end) + " not in range " + std::to_string(lo) + " to " + std::to_string(hi));
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
  // Choices such as "team,job" hold the separator: they are listed with " | " instead.
  const bool commas = std::any_of(choices.begin(), choices.end(),
                                  [](const std::string& c) { return c.find(',') != std::string::npos; });
  std::string set;
  for (const auto& c : choices) set += (set.empty() ? "" : commas ? " | " : ",") + c;
  throw option_error(front, name, value + " not in {" + set + "}");
}

}  // namespace dbcost

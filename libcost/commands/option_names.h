// The two front ends name an option differently (the CLI's --dbu-discount is Python's dbu_discount);
// a command's checks are written once, here in the library, and name the option the way the front
// end that asked spells it, so both print the same reason after the name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"

namespace dbcost {

enum class FrontEnd { Cli, Python };

struct OptionName {
  std::string_view cli;     // "--dbu-discount", or a positional's name ("SPEC")
  std::string_view python;  // "dbu_discount"
};

std::string option_field(FrontEnd front, OptionName name);
InputError option_error(FrontEnd front, OptionName name, const std::string& reason);

// The CLI checks these while parsing flags (CLI11's Range and IsMember); Python here, with the
// same reasons: "Value 0 not in range 1 to 256", "list not in {dbu,total}".
void check_option_range(long long value, long long lo, long long hi, FrontEnd front, OptionName name);
void check_option_number_range(double value, double lo, double hi, FrontEnd front, OptionName name);
void check_option_choice(const std::string& value, const std::vector<std::string>& choices, FrontEnd front,
                         OptionName name);
// Every value in [lo, hi] and at least one: "expected <what>, got <value>".
void check_option_values(const std::vector<double>& values, double lo, double hi, FrontEnd front, OptionName name,
                         const std::string& what);

}  // namespace dbcost

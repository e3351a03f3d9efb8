// Copyright lowRISC contributors (OpenTitan project).
// Licensed under the Apache License, Version 2.0, see LICENSE for details.
// SPDX-License-Identifier: Apache-2.0
//

package prim_pkg;
  // The name of the technology implementation.
  parameter PrimTechName = "Generic";

endpackage // prim_pkg

/* hynas: CoreMark includes <stdio.h> but prints through ee_printf (no C library here). */

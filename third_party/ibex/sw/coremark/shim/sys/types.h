/* hynas: the one type CoreMark takes from <sys/types.h> (no C library here). */
typedef __SIZE_TYPE__ size_t;

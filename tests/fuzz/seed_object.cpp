// Compiled into the manifest fuzzer's seeds: a relocatable object (ET_REL), which has
// section headers but no dynamic section and no manifest.
extern "C" int kit_fuzz_seed_symbol(int value) { return value + 1; }

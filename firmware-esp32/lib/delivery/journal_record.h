// One reading in the flash journal: 56 bytes, little-endian, with a CRC-32 so a record torn by a
// power cut mid-write (or flash decay) is recognised and ignored instead of sent.
//   0 u8 type (1)  1 u8 reserved  2 u16 voltage_cv  4 u32 seq  8 u64 ts_ms  16 u64 energy_mwh
//  24 u64 meter_mwh  32 u32 meter_boot  36 u32 current_ma  40 u32 power_dw  44 u32 apparent_dva
//  48 u16 pf_milli  50 u16 reserved  52 u32 CRC-32 (IEEE) of bytes 0..51
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "measurement.h"

static const size_t kJournalRecordSize = 56;

void encode_journal_record(uint8_t* out, uint32_t seq, const Measurement& m);
// False if the CRC or the type does not match.
bool decode_journal_record(const uint8_t* in, uint32_t& seq_out, Measurement& out);

uint32_t crc32_ieee(const uint8_t* data, size_t len);

// The size-class table and objects-per-span rules against go-runtime-facts §2 (the generated
// table of internal/runtime/gc/sizeclasses.go, and the per-version columns checked there by
// measurement). Exact: these are constants.

import Testing
@testable import HeapSimulator

/// (class, bytes/obj, pages, objs classic, objs scan 1.22–1.25, objs noscan 1.26+, objs scan 1.26+)
let factsTable: [(Int, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)] = [
        (1, 8, 1, 1024, 1008, 1024, 1008),
        (2, 16, 1, 512, 504, 504, 496),
        (3, 24, 1, 341, 336, 336, 330),
        (4, 32, 1, 256, 252, 252, 248),
        (5, 48, 1, 170, 168, 168, 165),
        (6, 64, 1, 128, 126, 126, 124),
        (7, 80, 1, 102, 100, 100, 99),
        (8, 96, 1, 85, 84, 84, 82),
        (9, 112, 1, 73, 72, 72, 70),
        (10, 128, 1, 64, 63, 63, 62),
        (11, 144, 1, 56, 56, 56, 55),
        (12, 160, 1, 51, 50, 50, 49),
        (13, 176, 1, 46, 45, 45, 45),
        (14, 192, 1, 42, 42, 42, 41),
        (15, 208, 1, 39, 38, 38, 38),
        (16, 224, 1, 36, 36, 36, 35),
        (17, 240, 1, 34, 33, 33, 33),
        (18, 256, 1, 32, 31, 31, 31),
        (19, 288, 1, 28, 28, 28, 27),
        (20, 320, 1, 25, 25, 25, 24),
        (21, 352, 1, 23, 22, 22, 22),
        (22, 384, 1, 21, 21, 21, 20),
        (23, 416, 1, 19, 19, 19, 19),
        (24, 448, 1, 18, 18, 18, 17),
        (25, 480, 1, 17, 16, 16, 16),
        (26, 512, 1, 16, 15, 15, 15),
        (27, 576, 1, 14, 14, 14, 14),
        (28, 640, 1, 12, 12, 12, 12),
        (29, 704, 1, 11, 11, 11, 11),
        (30, 768, 1, 10, 10, 10, 10),
        (31, 896, 1, 9, 9, 9, 9),
        (32, 1024, 1, 8, 8, 8, 8),
        (33, 1152, 1, 7, 7, 7, 7),
        (34, 1280, 1, 6, 6, 6, 6),
        (35, 1408, 2, 11, 11, 11, 11),
        (36, 1536, 1, 5, 5, 5, 5),
        (37, 1792, 2, 9, 9, 9, 9),
        (38, 2048, 1, 4, 4, 4, 4),
        (39, 2304, 2, 7, 7, 7, 7),
        (40, 2688, 1, 3, 3, 3, 3),
        (41, 3072, 3, 8, 8, 8, 8),
        (42, 3200, 2, 5, 5, 5, 5),
        (43, 3456, 3, 7, 7, 7, 7),
        (44, 4096, 1, 2, 2, 2, 2),
        (45, 4864, 3, 5, 5, 5, 5),
        (46, 5376, 2, 3, 3, 3, 3),
        (47, 6144, 3, 4, 4, 4, 4),
        (48, 6528, 4, 5, 5, 5, 5),
        (49, 6784, 5, 6, 6, 6, 6),
        (50, 6912, 6, 7, 7, 7, 7),
        (51, 8192, 1, 1, 1, 1, 1),
        (52, 9472, 7, 6, 6, 6, 6),
        (53, 9728, 6, 5, 5, 5, 5),
        (54, 10240, 5, 4, 4, 4, 4),
        (55, 10880, 4, 3, 3, 3, 3),
        (56, 12288, 3, 2, 2, 2, 2),
        (57, 13568, 5, 3, 3, 3, 3),
        (58, 14336, 7, 4, 4, 4, 4),
        (59, 16384, 2, 1, 1, 1, 1),
        (60, 18432, 9, 4, 4, 4, 4),
        (61, 19072, 7, 3, 3, 3, 3),
        (62, 20480, 5, 2, 2, 2, 2),
        (63, 21760, 8, 3, 3, 3, 3),
        (64, 24576, 3, 1, 1, 1, 1),
        (65, 27264, 10, 3, 3, 3, 3),
        (66, 28672, 7, 2, 2, 2, 2),
        (67, 32768, 4, 1, 1, 1, 1)
]

@Test func sizeClassTableMatchesGo() {
    #expect(factsTable.count == 67)
    for (c, size, pages, classic, scan122, noscan126, scan126) in factsTable {
        #expect(SizeClasses.objectSize[c] == size)
        #expect(SizeClasses.pagesPerSpan[c] == pages)
        #expect(SizeClasses.objectsPerSpan(c, hasPointers: false, rule: .classic) == classic)
        #expect(SizeClasses.objectsPerSpan(c, hasPointers: true, rule: .heapBitsInSpan) == scan122, "class \(c)")
        #expect(SizeClasses.objectsPerSpan(c, hasPointers: false, rule: .inlineMarkBits) == noscan126, "class \(c)")
        #expect(SizeClasses.objectsPerSpan(c, hasPointers: true, rule: .inlineMarkBits) == scan126, "class \(c)")
    }
}

@Test func sizeToClassPicksSmallestFit() {
    #expect(SizeClasses.sizeClass(forSlotSize: 1) == 1)
    #expect(SizeClasses.sizeClass(forSlotSize: 9) == 2)
    #expect(SizeClasses.sizeClass(forSlotSize: 1032) == 33)
    #expect(SizeClasses.sizeClass(forSlotSize: 32768) == 67)
    for c in 1..<68 {
        #expect(SizeClasses.sizeClass(forSlotSize: SizeClasses.objectSize[c]) == c)
        #expect(SizeClasses.sizeClass(forSlotSize: SizeClasses.objectSize[c - 1] + 1) == c)
    }
}

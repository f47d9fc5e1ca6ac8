// The program shape's rules: stack sizes by doubling, frame targets, scanned stack bytes and
// pointer words, on the cases the generated program's comments and measurements name.

import GoProgramContract
import Testing

@Suite struct GoProgramShapeTests {
    let shape = GoProgramShape.go1_27

    @Test func stacksGrowByDoublingFromTheStartingStack() {
        #expect(shape.stackBytes(requested: 0) == 2048)
        #expect(shape.stackBytes(requested: 2048) == 2048)
        #expect(shape.stackBytes(requested: 2049) == 4096)
        #expect(shape.stackBytes(requested: 64 << 10) == 64 << 10)
        #expect(shape.stackBytes(requested: (512 << 20) + 1) == 1 << 30)
    }

    @Test func framesCoverTheRequestLessTheMarginOrHalfTheStack() {
        #expect(shape.frameTargetBytes(requested: 2048) == 0, "a 2 KiB request does not recurse")
        #expect(shape.frameTargetBytes(requested: 64 << 10) == (64 << 10) - 2048, "64 KiB runs on ≈62 KiB of frames")
        #expect(shape.frameTargetBytes(requested: 5000) == 4096, "S/2 when the request minus the margin is less")
        #expect(shape.frameTargetBytes(requested: 8 << 10) == 6144)
    }

    @Test func scannedStackBytesAreTheMeasuredFrames() {
        #expect(shape.scannedStackBytes(requested: 2048) == 296)
        #expect(shape.scannedStackBytes(requested: 8 << 10) == 6176, "measured: 6 176 B scanned at 8 KiB")
    }

    @Test func pointerObjectsAreWholeWords() {
        #expect(shape.objectBytes(requested: 13, hasPointers: true) == 16)
        #expect(shape.objectBytes(requested: 13, hasPointers: false) == 13)
        #expect(shape.objectBytes(requested: 0, hasPointers: true) == 0)
        #expect(shape.objectBytes(requested: 1024, hasPointers: true) == 1024)
    }

    @Test func theImportSetHasNoPackageThatGrowsTheBaseline() {
        #expect(!shape.imports.contains("fmt") && !shape.imports.contains("encoding/json"))
        #expect(shape.imports == shape.imports.sorted(), "gofmt's order")
    }
}

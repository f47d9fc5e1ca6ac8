// GoEnvironment.reference(count:): the family of environments `inspect --reproduce` fits a dump's
// start-up with.

import GoProgramContract
import Testing

@Suite struct GoEnvironmentTests {
    @Test func theReferencesCountIsTheReference() {
        #expect(GoEnvironment.reference(count: GoEnvironment.reference.count) == .reference)
    }

    @Test func fewerVariablesAreTheReferencesFirst() {
        let five = GoEnvironment.reference(count: 5)
        #expect(five.variableBytes == Array(GoEnvironment.reference.variableBytes.prefix(5)))
        #expect(GoEnvironment.reference(count: 0) == .empty)
    }

    @Test func moreVariablesAreTwoBytesEach() {
        let more = GoEnvironment.reference(count: 40)
        #expect(more.count == 40)
        #expect(more.variableBytes.prefix(36) == GoEnvironment.reference.variableBytes[...])
        #expect(more.totalBytes == GoEnvironment.reference.totalBytes + 4 * 2)
    }
}

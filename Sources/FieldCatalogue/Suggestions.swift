// "Did you mean": nearest names by edit distance, shared by every layer that takes a name
// from a user (field names, commands, options, groups, keywords).

public enum Suggestions {
    /// Levenshtein distance between two strings, counted in Characters.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = Array(repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// The candidates closest to `name`, best first: a case-insensitive match first, then
    /// those within a distance of max(2, a third of the name's length), ties in input order.
    public static func closest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let lowered = name.lowercased()
        let threshold = max(2, name.count / 3)
        let scored = candidates.enumerated().compactMap { index, candidate -> (Int, Int, String)? in
            if candidate.lowercased() == lowered { return (-1, index, candidate) }
            let distance = editDistance(lowered, candidate.lowercased())
            return distance <= threshold ? (distance, index, candidate) : nil
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }
}

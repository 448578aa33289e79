import CogshLua

/// `cogsh -m` with no name: the jobs built into cogsh, one line each.
enum Jobs {
    static func list() -> String {
        let jobs = Runtime.registry.jobs
        let width = jobs.map(\.name.count).max() ?? 0
        var lines = ["Jobs built into cogsh (cogsh -m NAME [args]; cogsh -m NAME --source prints one):"]
        for job in jobs {
            lines.append("  " + job.name + String(repeating: " ", count: width - job.name.count) + "  " + job.summary)
        }
        return lines.joined(separator: "\n")
    }
}

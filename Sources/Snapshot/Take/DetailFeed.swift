/// The users whose details (AdminGetUser) are still to take, fed by the listing as
/// pages are stored, so the reads (UserRead, paced on their own) overlap the listing.
actor DetailFeed {
    private var pending: [String] = []
    private var head = 0
    private var closed = false
    private var waiting: [CheckedContinuation<String?, Never>] = []

    func add(_ usernames: [String]) {
        for name in usernames {
            if let w = waiting.popLast() { w.resume(returning: name) } else { pending.append(name) }
        }
    }

    /// No more users will come: the workers end when the pending ones are taken.
    func close() {
        closed = true
        for w in waiting { w.resume(returning: nil) }
        waiting = []
    }

    /// The next user, waiting for one; nil when the feed is closed and empty.
    func next() async -> String? {
        if head < pending.count {
            defer {
                head += 1
                if head > 4096, head * 2 > pending.count {
                    pending.removeFirst(head)
                    head = 0
                }
            }
            return pending[head]
        }
        if closed { return nil }
        return await withCheckedContinuation { waiting.append($0) }
    }
}

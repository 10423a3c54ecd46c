// A small least-recently-used cache of oneDNN primitives (and whatever else a kernel keeps beside them),
// keyed by a string of shapes and parameters. Creating a primitive costs far more than running a small
// one, and training calls the same few shapes every step, so each kernel keeps one of these.
// oneDNN fixes a primitive's thread team when it creates it (omp_get_max_threads() at that moment), so
// the key also holds the team size in force at the lookup: after setThreads, or inside a ScopedThreads,
// a kernel gets a primitive built for the team it runs with, never one built for another.
#pragma once
#include <omp.h>
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cges {

class PrimitiveCacheBase {
 public:
  virtual ~PrimitiveCacheBase() = default;
  virtual void appendKeys(std::vector<std::string>& keys) const = 0;
};

/** Every primitive cache of the addon, for cachedPrimitiveKeys. Caches are static and live as long as it. */
inline std::vector<const PrimitiveCacheBase*>& primitiveCaches() {
  static std::vector<const PrimitiveCacheBase*> caches;
  return caches;
}

/** The keys of every cached primitive, each ending in "@<threads>t". */
inline std::vector<std::string> cachedPrimitiveKeys() {
  std::vector<std::string> keys;
  for (const PrimitiveCacheBase* cache : primitiveCaches()) cache->appendKeys(keys);
  return keys;
}

template <typename Entry>
class PrimitiveCache : public PrimitiveCacheBase {
 public:
  explicit PrimitiveCache(size_t capacity) : capacity_(capacity) { primitiveCaches().push_back(this); }
  PrimitiveCache(const PrimitiveCache&) = delete;
  PrimitiveCache& operator=(const PrimitiveCache&) = delete;

  /**
   * The entry for `shapeKey` and the current team size, built by `make()` on a miss; the least recently
   * used entry goes when full.
   */
  template <typename Make>
  Entry& get(const std::string& shapeKey, Make make) {
    const std::string key = shapeKey + "@" + std::to_string(omp_get_max_threads()) + "t";
    auto found = index_.find(key);
    if (found != index_.end()) {
      order_.splice(order_.begin(), order_, found->second);
      return *found->second->second;
    }
    // Build before touching the list, so a failing make() leaves the cache unchanged.
    std::unique_ptr<Entry> entry = make();
    if (order_.size() >= capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    order_.emplace_front(key, std::move(entry));
    index_[key] = order_.begin();
    return *order_.front().second;
  }

  void appendKeys(std::vector<std::string>& keys) const override {
    for (const auto& node : order_) keys.push_back(node.first);
  }

 private:
  using Node = std::pair<std::string, std::unique_ptr<Entry>>;
  size_t capacity_;
  std::list<Node> order_;
  std::unordered_map<std::string, typename std::list<Node>::iterator> index_;
};

}  // namespace cges

// A small least-recently-used cache of oneDNN primitives (and whatever else a kernel keeps beside them),
// keyed by a string of shapes and parameters. Creating a primitive costs far more than running a small
// one, and training calls the same few shapes every step, so each kernel keeps one of these.
#pragma once
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace cges {

template <typename Entry>
class PrimitiveCache {
 public:
  explicit PrimitiveCache(size_t capacity) : capacity_(capacity) {}

  /** The entry for `key`, built by `make()` on a miss; the least recently used entry goes when full. */
  template <typename Make>
  Entry& get(const std::string& key, Make make) {
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

 private:
  using Node = std::pair<std::string, std::unique_ptr<Entry>>;
  size_t capacity_;
  std::list<Node> order_;
  std::unordered_map<std::string, typename std::list<Node>::iterator> index_;
};

}  // namespace cges

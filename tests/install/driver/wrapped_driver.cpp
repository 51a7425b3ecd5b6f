// A driver for wrapped://<path>: every call goes to the SQLite driver for sqlite://<path>.
#include <dlfcn.h>

#include <kit/driver.hpp>
#include <string>

namespace {

class WrappedDriver final : public kit::Driver {
 public:
  explicit WrappedDriver(const char* url) {
    std::string inner_url = url;
    const std::string prefix = "wrapped:";
    if (inner_url.compare(0, prefix.size(), prefix) != 0) throw kit::Error("not a wrapped: URL");
    inner_url = "sqlite:" + inner_url.substr(prefix.size());
    library_ = ::dlopen(KIT_SQLITE_DRIVER, RTLD_NOW | RTLD_LOCAL);
    if (library_ == nullptr) throw kit::Error(std::string("cannot load ") + KIT_SQLITE_DRIVER);
    auto create =
        reinterpret_cast<kit::DriverCreateFn>(::dlsym(library_, KIT_DRIVER_CREATE_SYMBOL));
    destroy_ = reinterpret_cast<kit::DriverDestroyFn>(::dlsym(library_, KIT_DRIVER_DESTROY_SYMBOL));
    if (create == nullptr || destroy_ == nullptr) throw kit::Error("not a kit driver");
    inner_ = create(inner_url.c_str());
  }
  ~WrappedDriver() override {
    destroy_(inner_);
    ::dlclose(library_);
  }
  WrappedDriver(const WrappedDriver&) = delete;
  WrappedDriver& operator=(const WrappedDriver&) = delete;

  std::string_view name() const noexcept override { return "wrapped"; }
  std::vector<std::string> render(const kit::Statement& s) override { return inner_->render(s); }
  void execute(std::string_view sql) override { inner_->execute(sql); }
  bool transactional_ddl() const noexcept override { return inner_->transactional_ddl(); }
  void begin() override { inner_->begin(); }
  void commit() override { inner_->commit(); }
  void rollback() noexcept override { inner_->rollback(); }
  void lock(std::chrono::milliseconds timeout) override { inner_->lock(timeout); }
  void unlock() noexcept override { inner_->unlock(); }
  bool has_table(std::string_view t) override { return inner_->has_table(t); }
  bool has_column(std::string_view t, std::string_view c) override {
    return inner_->has_column(t, c);
  }
  bool has_index(std::string_view t, std::string_view i) override {
    return inner_->has_index(t, i);
  }
  std::vector<std::string> tables() override { return inner_->tables(); }
  void drop_all() override { inner_->drop_all(); }
  void ensure_ledger() override { inner_->ensure_ledger(); }
  std::vector<kit::LedgerEntry> read_ledger() override { return inner_->read_ledger(); }
  void record(const kit::LedgerEntry& entry) override { inner_->record(entry); }
  void forget(std::string_view version) override { inner_->forget(version); }
  std::vector<kit::SeaqlMigration> read_seaql_ledger() override {
    return inner_->read_seaql_ledger();
  }
  std::optional<kit::TableInfo> describe_table(std::string_view t) override {
    return inner_->describe_table(t);
  }

 private:
  void* library_ = nullptr;
  kit::DriverDestroyFn destroy_ = nullptr;
  kit::Driver* inner_ = nullptr;
};

}  // namespace

KIT_DRIVER(WrappedDriver, "wrapped", "wrapped")

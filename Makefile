# Two commands for people: `make demo` and `make test`. The rest are the steps they are made of.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
TEST_PORT := 8788
DEMO_ADDR := 127.0.0.1:8787

.PHONY: demo test setup pkg example devserver lint test-host test-browser test-typings test-packaging test-e2e check-size bench

## demo: install what is missing, build the package and the example, serve it on http://127.0.0.1:8787
demo: setup pkg example
	cargo build --release -p apikeys-devserver
	@mkdir -p .devserver
	@echo "apikeys-wasm example: http://$(DEMO_ADDR)  (Ctrl-C to stop)"
	exec target/release/apikeys-devserver --addr $(DEMO_ADDR) --db .devserver/apikeys.db --static www-example/out

## test: every test there is; non-zero on any failure, no process left running
test: setup lint test-host pkg check-size devserver test-browser test-typings test-packaging test-e2e
	@echo "make test: all suites passed"

setup:
	scripts/setup.sh

pkg:
	scripts/build-pkg.sh

example: pkg
	scripts/build-example.sh

devserver:
	cargo build -p apikeys-devserver

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p apikeys-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p apikeys-wasm --target wasm32-unknown-unknown --lib --no-default-features --features tiny -- -D warnings

test-host:
	cargo test --workspace

test-browser: devserver
	scripts/devserver.sh start $(TEST_PORT) >/dev/null
	APIKEYS_DEVSERVER_URL=http://127.0.0.1:$(TEST_PORT) scripts/test-browser.sh && rc=0 || rc=$$?; \
	  scripts/devserver.sh stop $(TEST_PORT); exit $$rc

test-typings: pkg
	scripts/test-typings.sh

test-packaging: pkg devserver
	scripts/test-packaging.sh

test-e2e: pkg devserver
	scripts/test-e2e.sh

check-size: pkg
	scripts/check-size.sh

bench: setup pkg
	scripts/bench.sh

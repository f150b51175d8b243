# The two front-door commands: `make example` lints an example, `make test` runs the tests.
# Both install what a fresh Debian machine lacks (libjansson-dev, pkg-config) first.

SWIFT ?= swift

.PHONY: deps example test release docs

deps:
	@pkg-config --exists jansson 2>/dev/null || { \
	  echo "installing libjansson-dev and pkg-config"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y libjansson-dev pkg-config; }

example: deps
	$(SWIFT) build -c release --product lint
	.build/release/lint examples/finetune-mistakes.json \
	  --ckpt preload_from_files/baseline=examples/checkpoints/baseline-net.080.txt \
	  --ckpt preload_from_files/lm=examples/checkpoints/lm-net.020.txt; echo "(lint exited with $$?)"

test: deps
	$(SWIFT) test

release: deps
	$(SWIFT) build -c release --product lint

docs:
	$(SWIFT) run lint rules --write-docs rules
